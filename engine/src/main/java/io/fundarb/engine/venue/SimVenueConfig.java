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
 * @param rejectRate share of arriving orders the venue rejects with VENUE_ERROR whatever they are
 *     (fault injection for paper runs and tests; 0 in normal use), drawn from a generator seeded
 *     with {@code faultSeed} so that a run and its replay see the same rejects
 */
public record SimVenueConfig(
    long latencyMs,
    long maxParticipation,
    SlippageModel slippage,
    FeeSchedule spotFees,
    FeeSchedule perpFees,
    boolean spotBorrow,
    long borrowRateAnnual,
    long maxBorrowToEquity,
    double rejectRate,
    long faultSeed) {
  /** A venue without injected faults. */
  public SimVenueConfig(long latencyMs, long maxParticipation, SlippageModel slippage, FeeSchedule spotFees,
      FeeSchedule perpFees, boolean spotBorrow, long borrowRateAnnual, long maxBorrowToEquity) {
    this(latencyMs, maxParticipation, slippage, spotFees, perpFees, spotBorrow, borrowRateAnnual, maxBorrowToEquity, 0,
        0);
  }

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
    if (!(rejectRate >= 0 && rejectRate <= 1)) {
      throw new IllegalArgumentException("reject rate must be in [0, 1], got " + rejectRate);
    }
  }

  /** The same venue rejecting {@code rate} of arriving orders (seeded). */
  public SimVenueConfig withRejects(double rate, long seed) {
    return new SimVenueConfig(latencyMs, maxParticipation, slippage, spotFees, perpFees, spotBorrow, borrowRateAnnual,
        maxBorrowToEquity, rate, seed);
  }

  public FeeSchedule fees(boolean perp) {
    return perp ? perpFees : spotFees;
  }
}
