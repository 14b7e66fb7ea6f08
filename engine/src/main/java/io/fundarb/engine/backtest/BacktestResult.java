package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;

/**
 * Outcome of one strategy on one venue's data: metrics, the equity curve, and (when recorded)
 * the itemised journal and per-step positions.
 */
public record BacktestResult(
    String strategy,
    String venue,
    PerformanceMetrics metrics,
    EquityCurve equity,
    PositionHistory positions,
    Portfolio portfolio) {

  public TradeJournal journal() {
    return portfolio.journal();
  }
}
