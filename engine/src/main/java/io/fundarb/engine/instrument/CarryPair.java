package io.fundarb.engine.instrument;

import java.util.Objects;

/** The two legs of one carry asset: a spot pair and the linear perpetual on the same base. */
public record CarryPair(AssetId asset, SpotPair spot, LinearPerpetual perp) {
  public CarryPair {
    Objects.requireNonNull(asset, "asset");
    if (!spot.id().asset().equals(asset) || !perp.id().asset().equals(asset)) {
      throw new IllegalArgumentException("legs " + spot.id() + ", " + perp.id() + " do not belong to " + asset);
    }
    if (!spot.base().equals(perp.base()) || !spot.quote().equals(perp.quote())) {
      throw new IllegalArgumentException(asset + ": spot and perp must share base and quote currency");
    }
    spot.validate();
    perp.validate();
  }

  /** The same legs' rules under another asset's name (benchmarks replicate real assets this way). */
  public CarryPair renamed(AssetId other) {
    return new CarryPair(other, new SpotPair(other.spot(), spot.base(), spot.quote(), spot.tickSize(), spot.lotSize(),
        spot.minNotional()), new LinearPerpetual(other.perp(), perp.base(), perp.quote(), perp.tickSize(),
        perp.lotSize(), perp.minNotional(), perp.contractMultiplier(), perp.maintenanceMarginRate(),
        perp.liquidationFeeRate(), perp.maxLeverage()));
  }

  /**
   * Lot that both legs can trade: hedged quantities are multiples of it so the legs stay equal.
   */
  public long hedgeLot() {
    long a = spot.lotSize();
    long b = perp.lotSize();
    return Math.multiplyExact(a / gcd(a, b), b);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
