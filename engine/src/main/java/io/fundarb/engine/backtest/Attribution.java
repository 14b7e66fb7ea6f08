package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Portfolio;

/**
 * Where a run's P&amp;L came from and how much it traded: the part of {@link PerformanceMetrics} that
 * adds up across accounts (one per venue in a portfolio), unlike the curve statistics. Money is
 * Fixed, quote currency.
 *
 * @param feesPaid trading fees, plus transfer fees between venue accounts in a portfolio
 */
public record Attribution(
    long fundingEarned,
    long feesPaid,
    long slippagePaid,
    long borrowInterest,
    long liquidationFees,
    long tradedNotional,
    int roundTrips,
    int liquidations,
    int fills,
    int rejections) {

  public static final Attribution NONE = new Attribution(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** What one account's books say. */
  public static Attribution of(Portfolio portfolio) {
    var ledger = portfolio.ledger();
    return new Attribution(ledger.totalFunding(), ledger.totalFees(), ledger.totalSlippage(),
        ledger.totalBorrowInterest(), ledger.liquidationFees(), ledger.totalTradedNotional(), portfolio.roundTrips(),
        ledger.liquidations(), portfolio.fills(), portfolio.rejections());
  }

  public Attribution plus(Attribution other) {
    return new Attribution(
        Math.addExact(fundingEarned, other.fundingEarned),
        Math.addExact(feesPaid, other.feesPaid),
        Math.addExact(slippagePaid, other.slippagePaid),
        Math.addExact(borrowInterest, other.borrowInterest),
        Math.addExact(liquidationFees, other.liquidationFees),
        Math.addExact(tradedNotional, other.tradedNotional),
        roundTrips + other.roundTrips,
        liquidations + other.liquidations,
        fills + other.fills,
        rejections + other.rejections);
  }

  /** The same, with {@code fees} more paid (a transfer's fee). */
  public Attribution withExtraFees(long fees) {
    return new Attribution(fundingEarned, Math.addExact(feesPaid, fees), slippagePaid, borrowInterest,
        liquidationFees, tradedNotional, roundTrips, liquidations, fills, rejections);
  }
}
