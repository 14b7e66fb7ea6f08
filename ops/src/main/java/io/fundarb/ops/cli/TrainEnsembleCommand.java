package io.fundarb.ops.cli;

import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.ensemble.EnsembleTrainer;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.ensemble.EnsembleManifest;
import io.fundarb.ops.ensemble.EnsemblePlan;
import io.fundarb.ops.ensemble.EnsembleSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb train ensemble}: the two-stage pipeline described by one HOCON file. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
    description = {"Trains the ensemble: stage 1 the four agents, stage 2 the meta controller over their frozen",
        "proposals, all as described by fundarb.ensemble in --config (data range, window, seeds, epochs, meta",
        "reward, output). Writes the ensemble directory (models, cards, training logs, ensemble.json)."})
public final class TrainEnsembleCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--output", paramLabel = "<dir>", description = "ensemble directory (default: fundarb.ensemble.output)")
  Path output;

  @Option(names = "--register", description = "register the result in the model registry (fundarb.ensemble.registry)")
  boolean register;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    EnsembleSettings settings = EnsembleSettings.read(config);
    EnsemblePlan plan = EnsemblePlan.open(config, settings, common.dataDirectory().path(),
        common.symbolsOrDefault());
    Path dir = output != null ? output : settings.output();
    out.printf(Locale.ROOT, "training the ensemble on %s %s [%s, %s): 4 agents x %d epochs, meta %d epochs%n",
        config.venue(), common.symbolsOrDefault(), Times.format(settings.from()), Times.format(settings.to()),
        settings.agents().epochs(), settings.meta().epochs());
    EnsembleTrainer.Result result = train(plan, settings.from(), settings.to(), settings.seed(), dir, out);
    EnsembleManifest.write(dir, plan, settings.from(), settings.to(), settings.seed(), result.seconds(), common.config);
    out.println("wrote " + dir + " (" + String.join(", ", result.seconds().keySet()) + ", ensemble.json)");
    if (register) {
      ModelRegistry registry = new ModelRegistry(settings.registry(), Clock.systemUTC());
      ModelRegistry.Version v = registry.registerBundle(EnsembleManifest.AGENT, dir, "fundarb train ensemble "
          + Times.format(settings.from()) + " .. " + Times.format(settings.to()));
      out.println("registered " + v.agent() + " " + v.name() + " (promote with: fundarb models promote ensemble "
          + v.name() + ")");
    }
    return 0;
  }

  /** Trains with one progress bar per model; shared with walk-forward and retrain. */
  static EnsembleTrainer.Result train(EnsemblePlan plan, long from, long to, long seed, Path dir, PrintWriter out)
      throws IOException {
    EnsembleSettings s = plan.settings();
    ProgressReporter progress = new ProgressReporter(out, s.agents().epochs(), s.meta().epochs());
    EnsembleTrainer.Result result = plan.trainEnsemble(from, to, seed, dir, progress);
    progress.finish();
    double total = result.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf(Locale.ROOT, "trained in %s (%s)%n", ProgressBar.duration(total),
        String.join(", ", result.seconds().entrySet().stream().map(e -> e.getKey() + " "
            + ProgressBar.duration(e.getValue())).toList()));
    return result;
  }

  /** A progress bar per model trained, opened when its first epoch arrives. */
  static final class ProgressReporter implements EnsembleTrainer.Progress {
    private final PrintWriter out;
    private final int agentEpochs;
    private final int metaEpochs;
    private String model;
    private ProgressBar bar;

    ProgressReporter(PrintWriter out, int agentEpochs, int metaEpochs) {
      this.out = out;
      this.agentEpochs = agentEpochs;
      this.metaEpochs = metaEpochs;
    }

    @Override
    public void epoch(String name, io.fundarb.models.ppo.EpochStats stats) {
      if (!name.equals(model) || stats.epoch() == 0) {
        finish();
        model = name;
        boolean agent = java.util.Arrays.stream(AgentKind.values()).anyMatch(k -> k.key().equals(name));
        bar = new ProgressBar(out, name, "epochs", agent ? agentEpochs : metaEpochs);
      }
      bar.update(stats.epoch() + 1, TrainCommand.line(stats));
    }

    void finish() {
      if (bar != null) {
        bar.finish();
        bar = null;
        model = null;
      }
    }
  }
}
