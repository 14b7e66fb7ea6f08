package io.fundarb.engine.venue;

import io.fundarb.engine.money.Rate;
import java.util.Objects;

/**
 * How the simulated venue behaves.
 *
 * @param latencyMs time from submit to arrival at the venue; orders see the market as of arrival
 * @param maxParticipation largest share of one bar's volume all fills on an instrument may take
 *     (Rate); the rest of an order keeps working on later bars
 * @param spotBorrow whether spot can be sold short (margin borrow, needed for reverse carry)
 * @param borrowRateAnnual yearly interest on borrowed spot value (Rate), accrued per bar
 * @param maxBorrowToEquity cap on borrowed spot value as a share of account equity (Rate)
 */
public record SimVenueConfig(
    long latencyMs,
    long maxParticipation,
    SlippageModel slippage,
    FeeSchedule spotFees,
    FeeSchedule perpFees,
    boolean spotBorrow,
    long borrowRateAnnual,
    long maxBorrowToEquity) {
  public SimVenueConfig {
    Objects.requireNonNull(slippage, "slippage");
    Objects.requireNonNull(spotFees, "spotFees");
    Objects.requireNonNull(perpFees, "perpFees");
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    if (maxParticipation <= 0 || maxParticipation > Rate.ONE) {
      throw new IllegalArgumentException("max participation must be in (0, 1]");
    }
    if (borrowRateAnnual < 0 || maxBorrowToEquity < 0) {
      throw new IllegalArgumentException("borrow parameters must not be negative");
    }
  }

  public FeeSchedule fees(boolean perp) {
    return perp ? perpFees : spotFees;
  }
}
