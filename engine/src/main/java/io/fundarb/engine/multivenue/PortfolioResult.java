package io.fundarb.engine.multivenue;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.PerformanceMetrics;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one allocation policy over a portfolio of venue accounts.
 *
 * @param metrics of the whole portfolio (venue accounts plus cash in transit); fees include transfer fees
 * @param venues each venue account's own books, curve and journal (its curve includes the cash moved in
 *     and out, so its return alone means little)
 * @param fundingByPerp funding each venue's perp of each asset earned (Fixed), by {@code VENUE:SYMBOL}: exact from
 *     the books; opportunities sharing a perp share its funding
 * @param lossHalts decisions at which the portfolio's daily loss budget was spent (everything flat)
 * @param excludedCrossVenue asset and venue pairs left out of the cross-venue opportunities, and why
 */
public record PortfolioResult(
    String policy,
    PerformanceMetrics metrics,
    EquityCurve equity,
    List<BacktestResult> venues,
    AllocationHistory allocation,
    Map<String, Long> fundingByPerp,
    int transfers,
    long transferFees,
    int invalidWeights,
    int lossHalts,
    List<String> excludedCrossVenue) {}
