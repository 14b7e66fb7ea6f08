package io.fundarb.ops.ensemble;

import io.fundarb.engine.time.Times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fundarb.engine.backtest.PerformanceMetrics;
import io.fundarb.engine.money.Fixed;
import java.util.List;
import java.util.Locale;

/**
 * One strategy on one walk-forward window (or "overall" across the test windows), after fees,
 * slippage and funding. Overall rows compound the test windows' returns, take the worst drawdown,
 * sum funding and fees, and average Sharpe, Sortino and turnover over folds (windows are too
 * short to stitch into one curve without inventing the equity between them).
 */
public record FoldResult(String fold, String strategy, double totalReturn, double sharpe, double sortino,
    double maxDrawdown, double calmar, double turnover, double funding, double fees, int fills, int liquidations) {

  public static final String CSV_HEADER = "fold,strategy,return,sharpe,sortino,max_drawdown,calmar,turnover,funding,fees,"
      + "fills,liquidations";

  public static FoldResult of(String fold, String strategy, PerformanceMetrics m) {
    return new FoldResult(fold, strategy, m.totalReturn(), m.sharpe(), m.sortino(), m.maxDrawdown(), m.calmar(),
        m.turnover(), Fixed.toDouble(m.fundingEarned()), Fixed.toDouble(m.feesPaid() + m.slippagePaid()), m.fills(),
        m.liquidations());
  }

  /** The overall row of one strategy from its test-window rows, {@code years} of test data in all. */
  public static FoldResult overall(String strategy, List<FoldResult> tests, double years) {
    double growth = 1;
    double worst = 0;
    for (FoldResult r : tests) {
      growth *= 1 + r.totalReturn();
      worst = Math.max(worst, r.maxDrawdown());
    }
    double annual = StrictMath.pow(growth, 1 / years) - 1;
    return new FoldResult("overall", strategy, growth - 1, mean(tests, FoldResult::sharpe),
        mean(tests, FoldResult::sortino), worst, worst > 0 ? annual / worst : Double.NaN,
        mean(tests, FoldResult::turnover), tests.stream().mapToDouble(FoldResult::funding).sum(),
        tests.stream().mapToDouble(FoldResult::fees).sum(), tests.stream().mapToInt(FoldResult::fills).sum(),
        tests.stream().mapToInt(FoldResult::liquidations).sum());
  }

  /**
   * An overall row per strategy from the test rows (folds named {@code test-*}) of {@code rows},
   * {@code years} of test data in all, in the order the strategies first appear.
   */
  public static List<FoldResult> overallRows(List<FoldResult> rows, double years) {
    Map<String, List<FoldResult>> tests = new LinkedHashMap<>();
    rows.stream().filter(r -> r.fold().startsWith("test")).forEach(r ->
        tests.computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r));
    List<FoldResult> out = new ArrayList<>();
    tests.forEach((strategy, list) -> out.add(overall(strategy, list, years)));
    return out;
  }

  /** Writes {@code rows} as {@code results.csv} in {@code dir}. */
  public static java.nio.file.Path writeCsv(java.nio.file.Path dir, List<FoldResult> rows) throws java.io.IOException {
    java.nio.file.Path csv = dir.resolve("results.csv");
    List<String> lines = new ArrayList<>(List.of(CSV_HEADER));
    rows.forEach(r -> lines.add(r.csv()));
    java.nio.file.Files.write(csv, lines, java.nio.charset.StandardCharsets.UTF_8);
    return csv;
  }

  /** Years of test data over {@code folds}: what the overall rows annualise over. */
  public static double testYears(List<io.fundarb.engine.backtest.WalkForwardFolds.Fold> folds) {
    return folds.stream().mapToLong(f -> f.testTo() - f.testFrom()).sum() / (double) Times.YEAR_MS;
  }

  /** Writes a fold's number and windows into its results.json entry. */
  public static void describe(com.fasterxml.jackson.databind.node.ObjectNode node,
      io.fundarb.engine.backtest.WalkForwardFolds.Fold fold) {
    node.put("fold", fold.index());
    node.put("train", Times.format(fold.trainFrom()) + " .. " + Times.format(fold.trainTo()));
    node.put("validation", Times.format(fold.validationFrom()) + " .. " + Times.format(fold.validationTo()));
    node.put("test", Times.format(fold.testFrom()) + " .. " + Times.format(fold.testTo()));
  }

  private static double mean(List<FoldResult> rows, java.util.function.ToDoubleFunction<FoldResult> f) {
    return rows.stream().mapToDouble(f).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  public String csv() {
    return String.format(Locale.ROOT, "%s,%s,%.6f,%.4f,%.4f,%.6f,%.4f,%.3f,%.2f,%.2f,%d,%d", fold, strategy,
        totalReturn, sharpe, sortino, maxDrawdown, calmar, turnover, funding, fees, fills, liquidations);
  }

  /** A fixed-width line for the terminal table. */
  public String line() {
    return String.format(Locale.ROOT, "%-8s %-28s %8.2f%% %7s %7s %7.2f%% %7s %7.1fx %11.2f %10.2f", fold, strategy,
        totalReturn * 100, num(sharpe), num(sortino), maxDrawdown * 100, num(calmar), turnover, funding, fees);
  }

  public static String header() {
    return String.format(Locale.ROOT, "%-8s %-28s %9s %7s %7s %8s %7s %8s %11s %10s", "fold", "strategy", "return",
        "sharpe", "sortino", "maxDD", "calmar", "turnover", "funding", "fees+slip");
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }
}
