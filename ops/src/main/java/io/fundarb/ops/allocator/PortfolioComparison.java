package io.fundarb.ops.allocator;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.PerformanceMetrics;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.report.BacktestOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocator beside its yardsticks on one window, all after fees, slippage, funding and
 * transfer fees, trading from the window's start after the same warm-up: the allocator (and its
 * ablation without cross-venue opportunities, when given), the portfolio baselines {@code split}
 * and {@code rotation}, each venue's always-on {@code carry} with the whole capital, and
 * {@code flat}.
 */
public final class PortfolioComparison {
  private PortfolioComparison() {}

  /** One row: where it ran, what it was, how it did, and the run itself for the output files. */
  public record Row(String venue, String strategy, PerformanceMetrics metrics, PortfolioResult portfolio,
      BacktestResult single) {}

  /**
   * @param allocator the learned allocator, or null
   * @param ablation an allocator trained without cross-venue opportunities, or null
   */
  public static List<Row> run(PortfolioPlan plan, AllocationPolicy allocator, AllocationPolicy ablation, long from,
      long to) {
    List<Row> rows = new ArrayList<>();
    if (allocator != null) {
      rows.add(portfolio("allocator", plan.portfolio(allocator, from, to, true)));
    }
    if (ablation != null) {
      rows.add(portfolio("allocator-no-cross", plan.portfolio(ablation, from, to, false)));
    }
    for (String baseline : FundarbConfig.PORTFOLIO_BASELINES) {
      rows.add(portfolio(baseline, plan.baseline(baseline, from, to)));
    }
    List<String> venues = plan.venues();
    for (int v = 0; v < venues.size(); v++) {
      BacktestResult carry = plan.single(v, "carry", from, to);
      rows.add(new Row(venues.get(v), "carry", carry.metrics(), null, carry));
    }
    BacktestResult flat = plan.single(0, "flat", from, to);
    rows.add(new Row(venues.get(0), "flat", flat.metrics(), null, flat));
    return rows;
  }

  private static Row portfolio(String name, PortfolioResult result) {
    return new Row(BacktestOutput.PORTFOLIO, name, result.metrics(), result, null);
  }
}
