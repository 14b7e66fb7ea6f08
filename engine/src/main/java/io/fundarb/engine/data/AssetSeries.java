package io.fundarb.engine.data;

import io.fundarb.engine.instrument.AssetId;
import java.util.Objects;

/** Everything the engine replays for one carry asset: spot bars, perp bars and funding. */
public record AssetSeries(AssetId asset, Bars spot, Bars perp, FundingSeries funding) {
  public AssetSeries {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(spot, "spot");
    Objects.requireNonNull(perp, "perp");
    Objects.requireNonNull(funding, "funding");
  }
}
