package io.fundarb.engine.multivenue;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.PerformanceMetrics;
import java.util.List;

/**
 * Outcome of one allocation policy over a portfolio of venue accounts.
 *
 * @param metrics of the whole portfolio (venue accounts plus cash in transit); fees include transfer fees
 * @param venues each venue account's own books, curve and journal (its curve includes the cash moved in
 *     and out, so its return alone means little)
 * @param fundingByOpportunity funding each opportunity earned (Fixed), in {@code allocation}'s order
 */
public record PortfolioResult(
    String policy,
    PerformanceMetrics metrics,
    EquityCurve equity,
    List<BacktestResult> venues,
    AllocationHistory allocation,
    long[] fundingByOpportunity,
    int transfers,
    long transferFees,
    int invalidWeights) {}
