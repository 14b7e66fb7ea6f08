package io.fundarb.engine.venue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Side;
import java.math.RoundingMode;

/**
 * Price impact of a market order filled against bars: half the quoted spread plus a
 * square-root-law impact that grows with the order's share of the bar's volume,
 * {@code bps = halfSpreadBps + impactBps * (qty / barVolume)^exponent}. The model's output is a
 * price rounded to the tick against the trader; from there on everything is exact.
 *
 * @param impactBps impact in basis points for an order as large as the whole bar
 */
public record SlippageModel(double halfSpreadBps, double impactBps, double impactExponent) {
  public SlippageModel {
    if (!(halfSpreadBps >= 0) || !(impactBps >= 0) || !(impactExponent > 0)) {
      throw new IllegalArgumentException("slippage parameters must be non-negative and the exponent positive");
    }
  }

  public static SlippageModel none() {
    return new SlippageModel(0, 0, 1);
  }

  /** Slippage in basis points for {@code quantity} against a bar of {@code barVolume}. */
  public double bps(long quantity, long barVolume) {
    double participation = barVolume <= 0 ? 1.0 : Math.min(1.0, (double) quantity / barVolume);
    return halfSpreadBps + impactBps * StrictMath.pow(participation, impactExponent);
  }

  /** The reference price moved against a {@code side} order by {@code bps}, on the tick grid. */
  public static long adversePrice(long reference, double bps, Side side, long tick) {
    long move = Rate.apply(reference, Rate.ofDouble(bps / 10_000.0), RoundingMode.CEILING);
    return side == Side.BUY
        ? Fixed.ceilToStep(reference + move, tick)
        : Math.max(tick, Fixed.floorToStep(reference - move, tick));
  }
}
