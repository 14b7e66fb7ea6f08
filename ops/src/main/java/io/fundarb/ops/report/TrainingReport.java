package io.fundarb.ops.report;

import static io.fundarb.ops.report.ReportPage.html;
import static io.fundarb.ops.report.ReportPage.img;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A self-contained HTML report of PPO training runs: every {@code <agent>.log.csv} that
 * {@code fundarb train} wrote (one row per epoch) as a summary table and training curves — mean
 * episode return, policy and value loss, approximate KL and entropy per epoch, one series per agent.
 */
public final class TrainingReport {
  static final String SUFFIX = ".log.csv";
  // columns of the training log (models/agents/TrainingLog)
  private static final int EPOCH = 0;
  private static final int ENV_STEPS = 1;
  private static final int RETURN = 2;
  private static final int POLICY_LOSS = 3;
  private static final int VALUE_LOSS = 4;
  private static final int ENTROPY = 5;
  private static final int KL = 6;
  private static final int ELAPSED = 13;

  private TrainingReport() {
  }

  /** The training logs in {@code input}: the file itself, or every log in the directory. */
  public static List<Path> logs(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return input.getFileName().toString().endsWith(SUFFIX) ? List.of(input) : List.of();
    }
    if (!Files.isDirectory(input)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(input)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }

  public static Path write(List<Path> logs, Path out) throws IOException {
    XYChart returns = ReportPage.chart("Mean episode return", "epoch", "return");
    XYChart policy = ReportPage.chart("Policy loss", "epoch", "loss");
    XYChart value = ReportPage.chart("Value loss", "epoch", "loss");
    XYChart kl = ReportPage.chart("Approximate KL", "epoch", "KL");
    XYChart entropy = ReportPage.chart("Entropy", "epoch", "nats");
    StringBuilder table = new StringBuilder("<table><tr><th>agent</th><th>epochs</th><th>env steps</th>"
        + "<th>last return</th><th>last KL</th><th>last entropy</th><th>time (s)</th></tr>\n");
    for (Path log : logs) {
      String agent = log.getFileName().toString().replace(SUFFIX, "");
      List<String[]> rows = ReportPage.rows(log);
      if (rows.isEmpty()) {
        continue;
      }
      plot(returns, agent, rows, RETURN);
      plot(policy, agent, rows, POLICY_LOSS);
      plot(value, agent, rows, VALUE_LOSS);
      plot(kl, agent, rows, KL);
      plot(entropy, agent, rows, ENTROPY);
      String[] last = rows.get(rows.size() - 1);
      table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
          + "<td>%s</td></tr>%n", html(agent), rows.size(), last[ENV_STEPS], last[RETURN].isEmpty() ? "n/a" : last[RETURN],
          last[KL], last[ENTROPY], last[ELAPSED]));
    }
    table.append("</table>\n");
    return ReportPage.write(out, "fundarb training report", "<p>" + logs.size() + " training log(s): "
        + html(logs.toString()) + ". One row per PPO epoch; returns are the environment's reward (after fees, "
        + "slippage and funding).</p>" + table + img(returns) + img(policy) + img(value) + img(kl) + img(entropy));
  }

  /** Column {@code column} against the epoch; epochs without a finished episode (empty cell) are skipped. */
  private static void plot(XYChart chart, String agent, List<String[]> rows, int column) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (String[] row : rows) {
      if (!row[column].isEmpty()) {
        x.add(Double.parseDouble(row[EPOCH]));
        y.add(Double.parseDouble(row[column]));
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries(agent, x, y).setMarker(SeriesMarkers.NONE);
    }
  }
}
