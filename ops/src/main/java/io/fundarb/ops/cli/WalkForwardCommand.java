package io.fundarb.ops.cli;

import io.fundarb.ops.allocator.AllocatorSettings;
import io.fundarb.ops.allocator.AllocatorWalkForward;
import io.fundarb.ops.allocator.PortfolioPlan;
import java.util.List;

import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.ensemble.EnsemblePlan;
import io.fundarb.ops.ensemble.FoldResult;
import io.fundarb.ops.ensemble.EnsembleSettings;
import io.fundarb.ops.ensemble.WalkForward;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb walk-forward}: rolling train / validation / test evaluation of the ensemble. */
@Command(name = "walk-forward", mixinStandardHelpOptions = true,
    description = {"Walk-forward evaluation of the ensemble (fundarb.ensemble.walk-forward in --config): per fold,",
        "train on the train window, choose a meta controller on the validation window, report on the test",
        "window beside the equal-weight ensemble, each agent alone, carry, threshold, flat and the ablations.",
        "Writes results.json, results.csv and equity.csv."})
public final class WalkForwardCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "<dir>", description = "result directory (default: fundarb.ensemble.walk-forward.out)")
  Path out;

  @Option(names = "--folds", defaultValue = "0", description = "run only the first N folds (default: all)")
  int folds;

  @Option(names = "--venues", split = ",", paramLabel = "<venues>",
      description = {"walk-forward of the allocator over these venues instead (fundarb.allocator.walk-forward):",
          "per fold the allocator chosen on validation, its ablation without cross-venue opportunities, split,",
          "rotation, each venue's carry and flat, on the test window"})
  List<String> venues;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    if (venues != null) {
      return allocator(config, stdout);
    }
    EnsembleSettings settings = EnsembleSettings.read(config);
    EnsemblePlan plan = EnsemblePlan.open(config, settings, common.dataDirectory().path(),
        common.symbolsOrDefault());
    Path dir = out != null ? out : settings.walkForward().out();
    TrainEnsembleCommand.ProgressReporter progress = new TrainEnsembleCommand.ProgressReporter(stdout,
        settings.agents().epochs(), settings.meta().epochs());
    stdout.println(FoldResult.header());
    WalkForward.Report report = WalkForward.run(plan, dir, folds, progress, stdout);
    progress.finish();
    stdout.println();
    stdout.println("overall (test windows only):");
    stdout.println(FoldResult.header());
    report.rows().stream().filter(r -> r.fold().equals("overall")).forEach(r -> stdout.println(r.line()));
    stdout.printf(Locale.ROOT, "training took %s in all%n", ProgressBar.duration(report.trainSeconds()));
    stdout.println("results: " + report.json() + ", " + report.csv() + ", " + report.equity());
    return 0;
  }

  private int allocator(FundarbConfig config, PrintWriter stdout) throws IOException {
    AllocatorSettings settings = AllocatorSettings.read(config);
    PortfolioPlan plan = new PortfolioPlan(config, settings, common.dataDirectory().path(),
        venues.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList(), common.symbolsOrDefault(), common.lenient);
    plan.offered(true).excluded().forEach(e -> stdout.println("cross-venue opportunities left out: " + e));
    Path dir = out != null ? out : settings.walkForward().out();
    stdout.println(FoldResult.header());
    AllocatorWalkForward.Report report = AllocatorWalkForward.run(plan, dir, folds, stdout);
    stdout.println();
    stdout.println("overall (test windows only):");
    stdout.println(FoldResult.header());
    report.rows().stream().filter(r -> r.fold().equals("overall")).forEach(r -> stdout.println(r.line()));
    stdout.printf(Locale.ROOT, "training took %s in all (%d allocators, %s each on average)%n",
        ProgressBar.duration(report.trainSeconds()), report.trainings(),
        ProgressBar.duration(report.trainSeconds() / Math.max(1, report.trainings())));
    stdout.println("results: " + report.json() + ", " + report.csv());
    return 0;
  }
}
