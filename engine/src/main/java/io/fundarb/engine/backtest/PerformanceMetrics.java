package io.fundarb.engine.backtest;

/**
 * How a run performed, after fees, slippage, funding and borrow costs. Money figures are exact
 * (Fixed, quote currency); ratios are doubles and NaN where undefined (e.g. the Sharpe ratio of
 * a flat equity curve).
 *
 * @param annualVolatility standard deviation of per-step returns, annualised
 * @param sharpe mean over standard deviation of per-step returns, annualised, risk-free rate 0
 * @param sortino mean over downside deviation of per-step returns, annualised
 * @param maxDrawdown largest peak-to-trough fall as a fraction of the peak
 * @param maxDrawdownDurationMs longest time from a peak until equity regained it (or the end)
 * @param calmar annual return over max drawdown
 * @param turnover traded notional of both legs over mean equity, per year
 * @param timeInMarket share of steps with any position open
 * @param roundTrips assets taken from flat to hedged and back to flat
 */
public record PerformanceMetrics(
    long start,
    long end,
    int steps,
    long initialEquity,
    long finalEquity,
    double totalReturn,
    double annualReturn,
    double annualVolatility,
    double sharpe,
    double sortino,
    double maxDrawdown,
    long maxDrawdownDurationMs,
    double calmar,
    long fundingEarned,
    long feesPaid,
    long slippagePaid,
    long borrowInterest,
    long liquidationFees,
    double turnover,
    double timeInMarket,
    int roundTrips,
    int liquidations,
    int fills,
    int rejections) {}
