package io.fundarb.ops.cli;

import io.fundarb.engine.time.Times;
import io.fundarb.models.allocator.AllocatorModel;
import io.fundarb.models.allocator.AllocatorTrainer;
import io.fundarb.ops.allocator.AllocatorSettings;
import io.fundarb.ops.allocator.PortfolioPlan;
import io.fundarb.ops.config.FundarbConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb train allocator}: the learned allocator over the portfolio's opportunities. */
@Command(name = "allocator", mixinStandardHelpOptions = true,
    description = {"Trains the allocator (PPO) on portfolio episodes over several venues' accounts, as described by",
        "fundarb.allocator in --config (venues, training range, epochs, reward). Writes <output>/allocator.params",
        "with its card allocator.json and training log."})
public final class TrainAllocatorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--output", paramLabel = "<dir>", description = "model directory (default: fundarb.allocator.output)")
  Path output;

  @Option(names = "--venues", split = ",", paramLabel = "<venues>", description = "venues (default: fundarb.allocator.venues)")
  List<String> venues;

  @Option(names = "--no-cross-venue", description = "offer each venue's carry only (the ablation)")
  boolean noCrossVenue;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    AllocatorSettings settings = AllocatorSettings.read(config);
    PortfolioPlan plan = new PortfolioPlan(config, settings, common.dataDirectory().path(),
        venues != null ? venues.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList() : settings.venues(),
        common.symbolsOrDefault(), common.lenient);
    long from = common.from != null ? common.fromMillis() : settings.from();
    long to = common.to != null ? common.toMillis() : settings.to();
    Path params = (output != null ? output : settings.output()).resolve(AllocatorModel.FILE);
    boolean crossVenue = config.portfolio().crossVenue() && !noCrossVenue;
    plan.offered(crossVenue).excluded().forEach(e -> out.println("cross-venue opportunities left out: " + e));
    out.printf(Locale.ROOT, "training the allocator on %s %s [%s, %s): %d opportunities, %d epochs%n",
        String.join(",", plan.venues()), common.symbolsOrDefault(), Times.format(from), Times.format(to),
        plan.offered(crossVenue).opportunities().size(), settings.epochs());
    ProgressBar bar = new ProgressBar(out, "allocator", "epochs", settings.epochs());
    AllocatorTrainer.Result result = plan.train(from, to, settings.seed(), crossVenue, params,
        s -> bar.update(s.epoch() + 1, TrainCommand.line(s)));
    bar.finish();
    out.printf(Locale.ROOT, "trained in %s; wrote %s%n", ProgressBar.duration(result.seconds()), params);
    return 0;
  }
}
