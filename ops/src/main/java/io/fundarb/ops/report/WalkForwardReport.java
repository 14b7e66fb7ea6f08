package io.fundarb.ops.report;

import static io.fundarb.ops.report.ReportPage.html;
import static io.fundarb.ops.report.ReportPage.img;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;

/**
 * A self-contained HTML report of a walk-forward directory ({@code results.csv} and
 * {@code equity.csv} written by {@code fundarb walk-forward}): the overall table, test return and
 * Sharpe per fold, and out-of-sample charts. Each strategy's test windows are chained in fold order
 * (growth of 1: a fold's curve divided by its first value, times the growth so far) — exact when the
 * test windows are adjacent, which they are when {@code step = test} (the default).
 */
public final class WalkForwardReport {
  static final String RESULTS = "results.csv";
  static final String EQUITY = "equity.csv";
  private static final String ABLATION = "ensemble-without-";
  private static final String OVERALL = "overall";
  private static final String TEST = "test-";

  private WalkForwardReport() {
  }

  public static boolean isWalkForward(Path input) {
    return Files.isRegularFile(input.resolve(RESULTS)) && Files.isRegularFile(input.resolve(EQUITY));
  }

  public static Path write(Path input, Path out) throws IOException {
    List<String[]> results = ReportPage.rows(input.resolve(RESULTS));
    Map<String, Curve> curves = chain(ReportPage.rows(input.resolve(EQUITY)));
    XYChart equity = ReportPage.timeChart("Out-of-sample equity, test windows chained (growth of 1)", "growth");
    XYChart drawdown = ReportPage.timeChart("Drawdown of the chained test equity", "fraction of peak");
    XYChart ablations = ReportPage.timeChart("Ablations: the ensemble with one agent held neutral (growth of 1)", "growth");
    curves.forEach((strategy, curve) -> {
      if (strategy.startsWith(ABLATION)) {
        curve.plot(ablations, strategy);
      } else {
        curve.plot(equity, strategy);
        curve.drawdown().plot(drawdown, strategy);
      }
      if (strategy.equals("ensemble")) {
        curve.plot(ablations, strategy);
      }
    });
    CategoryChart perFold = perFoldReturns(results);
    return ReportPage.write(out, "fundarb walk-forward report", "<p>From " + html(input.toString())
        + ". Every figure is on test windows the models never trained on, after fees, slippage and funding. Overall rows"
        + " compound the test windows' returns, take the worst drawdown, sum funding and costs, and average Sharpe,"
        + " Sortino and turnover over folds.</p><h2>Overall</h2>" + table(results, r -> r[0].equals(OVERALL))
        + "<h2>Test return / Sharpe per fold</h2>" + perFoldMatrix(results) + img(equity) + img(drawdown)
        + img(perFold) + img(ablations)
        + "<h2>Every row (validation rows chose the meta candidate)</h2>" + table(results, r -> true));
  }

  /** strategy → chained curve, strategies in file order, folds in index order. */
  static Map<String, Curve> chain(List<String[]> equityRows) {
    // strategy → fold → (time, equity) points
    Map<String, TreeMap<Integer, List<String[]>>> byStrategy = new LinkedHashMap<>();
    for (String[] row : equityRows) {
      byStrategy.computeIfAbsent(row[1], k -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(row[0]), k -> new ArrayList<>()).add(row);
    }
    Map<String, Curve> curves = new LinkedHashMap<>();
    byStrategy.forEach((strategy, folds) -> {
      Curve curve = Curve.empty();
      double growth = 1;
      for (List<String[]> points : folds.values()) {
        double start = Double.parseDouble(points.get(0)[3]);
        double last = start;
        for (String[] p : points) {
          last = Double.parseDouble(p[3]);
          curve.add(Instant.parse(p[2]).toEpochMilli(), growth * last / start);
        }
        growth *= last / start;
      }
      curves.put(strategy, curve);
    });
    return curves;
  }

  private static CategoryChart perFoldReturns(List<String[]> results) {
    CategoryChart chart = new CategoryChartBuilder().width(ReportPage.WIDTH).height(ReportPage.HEIGHT)
        .title("Test return per fold (%)").xAxisTitle("fold").yAxisTitle("return %").build();
    Map<String, List<String>> folds = new LinkedHashMap<>();
    Map<String, List<Double>> returns = new LinkedHashMap<>();
    for (String[] r : results) {
      if (r[0].startsWith(TEST) && !r[1].startsWith(ABLATION)) {
        folds.computeIfAbsent(r[1], k -> new ArrayList<>()).add(r[0].substring(TEST.length()));
        returns.computeIfAbsent(r[1], k -> new ArrayList<>()).add(100 * Double.parseDouble(r[2]));
      }
    }
    folds.forEach((strategy, x) -> chart.addSeries(strategy, x, returns.get(strategy)));
    return chart;
  }

  /** Strategies as rows, test folds as columns, "return % / Sharpe" in each cell. */
  private static String perFoldMatrix(List<String[]> results) {
    List<String> folds = new ArrayList<>();
    Map<String, Map<String, String>> cells = new LinkedHashMap<>();
    for (String[] r : results) {
      if (r[0].startsWith(TEST)) {
        if (!folds.contains(r[0])) {
          folds.add(r[0]);
        }
        cells.computeIfAbsent(r[1], k -> new LinkedHashMap<>()).put(r[0],
            String.format(Locale.ROOT, "%.2f %% / %s", 100 * Double.parseDouble(r[2]), ratio(r[3])));
      }
    }
    StringBuilder t = new StringBuilder("<table><tr><th>strategy</th>");
    folds.forEach(f -> t.append("<th>").append(html(f)).append("</th>"));
    t.append("</tr>\n");
    cells.forEach((strategy, row) -> {
      t.append("<tr><td>").append(html(strategy)).append("</td>");
      folds.forEach(f -> t.append("<td>").append(row.getOrDefault(f, "")).append("</td>"));
      t.append("</tr>\n");
    });
    return t.append("</table>\n").toString();
  }

  private static String table(List<String[]> results, Predicate<String[]> which) {
    StringBuilder t = new StringBuilder("<table><tr><th>fold</th><th>strategy</th><th>return</th><th>Sharpe</th>"
        + "<th>Sortino</th><th>max DD</th><th>Calmar</th><th>turnover</th><th>funding</th><th>fees+slip</th>"
        + "<th>fills</th><th>liquidations</th></tr>\n");
    for (String[] r : results) {
      if (which.test(r)) {
        t.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.2f %%</td><td>%s</td><td>%s</td>"
                + "<td>%.2f %%</td><td>%s</td><td>%sx</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
            html(r[0]), html(r[1]), 100 * Double.parseDouble(r[2]), ratio(r[3]), ratio(r[4]),
            100 * Double.parseDouble(r[5]), ratio(r[6]), html(r[7]), html(r[8]), html(r[9]), html(r[10]), html(r[11])));
      }
    }
    return t.append("</table>\n").toString();
  }

  /** A ratio cell: NaN (no variance, no drawdown) reads "n/a". */
  private static String ratio(String cell) {
    double v = Double.parseDouble(cell);
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }

}
