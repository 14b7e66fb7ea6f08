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
 */
public record PortfolioSettings(AllocationLimits limits, TransferTerms transfers, long minTransfer,
    boolean crossVenue) {
  public PortfolioSettings {
    if (minTransfer < 0) {
      throw new IllegalArgumentException("minimum transfer must be non-negative");
    }
  }
}
