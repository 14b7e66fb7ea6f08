package io.fundarb.ops.cli;

import io.fundarb.ops.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb report}: a self-contained HTML report with charts of a backtest result directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report (metrics table, PNG charts) of a backtest result directory:",
        "equity of every run, drawdown, cumulative funding against fees and slippage, gross exposure."})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "<dir>", description = "a directory written by fundarb backtest")
  Path input;

  @Option(names = "--out", defaultValue = "report.html", paramLabel = "<file.html>", description = "(default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(input.resolve("summary.json"))) {
      throw new IllegalArgumentException(input + " has no summary.json: pass a directory written by fundarb backtest --out");
    }
    spec.commandLine().getOut().println("report: " + HtmlReport.write(input, out));
    return 0;
  }
}
