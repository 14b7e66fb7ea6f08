package io.fundarb.engine.venue;

import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Liquidity;
import java.math.RoundingMode;

/**
 * Maker and taker fee rates ({@link Rate}) of one venue tier for one market. Fees are charged in
 * quote currency and rounded up to 10^-8: a venue never undercharges.
 */
public record FeeSchedule(long makerRate, long takerRate) {
  public FeeSchedule {
    if (takerRate < 0 || makerRate < -takerRate) {
      throw new IllegalArgumentException("taker fee must be non-negative and a maker rebate no larger than it");
    }
  }

  public static FeeSchedule ofBps(String makerBps, String takerBps) {
    return new FeeSchedule(Rate.ofBps(makerBps), Rate.ofBps(takerBps));
  }

  public long rate(Liquidity liquidity) {
    return liquidity == Liquidity.MAKER ? makerRate : takerRate;
  }

  public long fee(long notional, Liquidity liquidity) {
    return Rate.apply(Math.abs(notional), rate(liquidity), RoundingMode.CEILING);
  }
}
