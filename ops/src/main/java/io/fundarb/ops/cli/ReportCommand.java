package io.fundarb.ops.cli;

import io.fundarb.ops.report.HtmlReport;
import io.fundarb.ops.report.TrainingReport;
import io.fundarb.ops.report.WalkForwardReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb report}: a self-contained HTML report with charts of a backtest, a walk-forward or training runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report (table, PNG charts) of",
        "- a backtest result directory: equity of every run, drawdown, cumulative funding against fees and slippage,",
        "  gross exposure;",
        "- a walk-forward directory (results.csv, equity.csv written by fundarb walk-forward): overall and per-fold",
        "  tables, chained out-of-sample equity and drawdown, test return per fold, ablations;",
        "- training logs (a <agent>.log.csv written by fundarb train, or a directory of them): return, policy and",
        "  value loss, KL and entropy per epoch."})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "<dir|file>",
      description = "a directory written by fundarb backtest or fundarb walk-forward, a training log, or a directory of training logs (models/)")
  Path input;

  @Option(names = "--out", defaultValue = "report.html", paramLabel = "<file.html>", description = "(default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(input.resolve("summary.json"))) {
      spec.commandLine().getOut().println("report: " + HtmlReport.write(input, out));
      return 0;
    }
    if (WalkForwardReport.isWalkForward(input)) {
      spec.commandLine().getOut().println("report: " + WalkForwardReport.write(input, out));
      return 0;
    }
    List<Path> logs = TrainingReport.logs(input);
    if (logs.isEmpty()) {
      throw new IllegalArgumentException(input + " is neither a backtest result directory (no summary.json), a"
          + " walk-forward directory (no results.csv and equity.csv) nor holds training logs (*.log.csv written by"
          + " fundarb train)");
    }
    spec.commandLine().getOut().println("report: " + TrainingReport.write(logs, out));
    return 0;
  }
}
