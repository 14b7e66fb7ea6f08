package io.fundarb.ops.report;

import io.fundarb.engine.backtest.PerformanceMetrics;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fixed-width metrics table every run prints: one row per venue and strategy. */
public final class MetricsTable {
  private static final String[] HEADER = {
    "venue", "strategy", "return", "annual", "vol", "sharpe", "sortino", "maxDD", "DD days", "calmar",
    "funding", "fees", "slippage", "turnover", "in mkt", "trips", "liq"
  };

  /** One row: where the run came from and how it did. */
  public record Row(String venue, String strategy, PerformanceMetrics metrics) {}

  private final List<Row> rows = new ArrayList<>();

  public void add(String venue, String strategy, PerformanceMetrics metrics) {
    rows.add(new Row(venue, strategy, metrics));
  }

  public List<Row> rows() {
    return rows;
  }

  public String render() {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row row : rows) {
      PerformanceMetrics m = row.metrics();
      cells.add(new String[] {
        row.venue(), row.strategy(), pct(m.totalReturn()), pct(m.annualReturn()), pct(m.annualVolatility()),
        ratio(m.sharpe()), ratio(m.sortino()), pct(m.maxDrawdown()),
        String.format(Locale.ROOT, "%.1f", m.maxDrawdownDurationMs() / (double) Times.DAY_MS), ratio(m.calmar()),
        money(m.fundingEarned()), money(m.feesPaid()), money(m.slippagePaid()),
        String.format(Locale.ROOT, "%.1fx", m.turnover()), pct(m.timeInMarket()), Integer.toString(m.roundTrips()),
        Integer.toString(m.liquidations())
      });
    }
    int[] width = new int[HEADER.length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      String[] line = cells.get(r);
      for (int c = 0; c < line.length; c++) {
        String format = c < 2 ? "%-" + width[c] + "s" : "%" + width[c] + "s";
        out.append(String.format(Locale.ROOT, format, line[c])).append(c + 1 < line.length ? "  " : "");
      }
      out.append(System.lineSeparator());
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append(System.lineSeparator());
      }
    }
    return out.toString();
  }

  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", v * 100) : "n/a";
  }

  static String ratio(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }

  static String money(long fixed) {
    return String.format(Locale.ROOT, "%,.2f", Fixed.toDouble(fixed));
  }
}
