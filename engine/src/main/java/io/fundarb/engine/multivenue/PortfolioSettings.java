package io.fundarb.engine.multivenue;

/**
 * How a portfolio of venue accounts is run, besides each venue's own terms.
 *
 * @param limits caps on every allocation
 * @param transfers what moving cash between venues costs
 * @param minTransfer (Fixed) smaller rebalancing transfers are not sent: their fee would eat what
 *     they earn, and a venue a little under its share only holds a slightly smaller position
 * @param crossVenue whether opportunities across venues (spot on one against the perp on another,
 *     perp against perp) are offered ({@link Opportunities#of}), besides each venue's own carry;
 *     off for the ablation
 * @param maxDailyLoss the portfolio's loss since the UTC day's start, as a share of that day's opening
 *     equity (cash in transit counted, transfer fees a loss), at which every opportunity is flattened
 *     and none entered until the next day ({@code fundarb.risk.max-daily-loss}, as for one account)
 */
public record PortfolioSettings(AllocationLimits limits, TransferTerms transfers, long minTransfer,
    boolean crossVenue, double maxDailyLoss) {
  public PortfolioSettings {
    if (!(maxDailyLoss > 0 && maxDailyLoss <= 1)) {
      throw new IllegalArgumentException("max daily loss must be in (0, 1], got " + maxDailyLoss);
    }
    if (minTransfer < 0) {
      throw new IllegalArgumentException("minimum transfer must be non-negative");
    }
  }
}
