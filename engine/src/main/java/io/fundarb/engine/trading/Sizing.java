package io.fundarb.engine.trading;

import io.fundarb.engine.money.MulDiv;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;

/**
 * How big each asset's carry may get. Capital is split equally across assets after keeping
 * {@code reserve} in cash for margin top-ups; each asset's share funds the spot leg plus the
 * perp's initial margin, so a leg's max notional is {@code share * L / (L + 1)}.
 *
 * @param capital starting cash (Fixed, quote currency)
 * @param reserve share of capital kept free (Rate)
 * @param leverage isolated leverage of the perp legs
 */
public record Sizing(long capital, long reserve, int leverage) {
  public Sizing {
    if (capital <= 0) {
      throw new IllegalArgumentException("capital must be positive");
    }
    if (reserve < 0 || reserve >= Rate.ONE) {
      throw new IllegalArgumentException("reserve must be in [0, 1)");
    }
    if (leverage < 1) {
      throw new IllegalArgumentException("leverage must be at least 1");
    }
  }

  /** Max notional of each leg of each of {@code assets} assets (Fixed). */
  public long maxNotional(int assets) {
    long deployable = capital - Rate.apply(capital, reserve, RoundingMode.UP);
    long perAsset = deployable / assets;
    return MulDiv.mulDiv(perAsset, leverage, leverage + 1L, RoundingMode.DOWN);
  }
}
