package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.backtest.PerformanceMetrics;
import io.fundarb.engine.time.Times;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.EnsembleTrainer;
import io.fundarb.models.ensemble.MetaModel;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.models.registry.PromotionRule;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.ensemble.EnsembleManifest;
import io.fundarb.ops.ensemble.EnsemblePlan;
import io.fundarb.ops.ensemble.EnsembleSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb retrain}: a candidate on the latest data, promoted only if it beats the current ensemble on hold-out. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Retrains the ensemble on a rolling window ending where the hold-out period starts (the last",
        "fundarb.ensemble.retrain.holdout of the data, or before --to), backtests the candidate and the registry's",
        "current ensemble on that hold-out, registers the candidate and promotes it only if it beats the current one",
        "on Sharpe and max drawdown by the configured margins; otherwise keeps the current one and says why.",
        "Every run appends an audit record (inputs, seeds, metrics, decision) to the registry."})
public final class RetrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--registry", paramLabel = "<dir>", description = "model registry (default: fundarb.ensemble.registry)")
  Path registryDir;

  @Option(names = "--seed", description = "training seed (default: fundarb.ensemble.seed)")
  Long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    EnsembleSettings settings = EnsembleSettings.read(config);
    EnsemblePlan plan = EnsemblePlan.open(config, settings, common.dataDirectory().path(), common.symbolsOrDefault());
    EnsembleSettings.Retrain r = settings.retrain();
    long end = Math.min(common.toMillis(), plan.data().to());
    long holdoutFrom = end - r.holdoutMs();
    long trainFrom = holdoutFrom - r.trainMs();
    long runSeed = seed != null ? seed : settings.seed();
    ModelRegistry registry = new ModelRegistry(registryDir != null ? registryDir : settings.registry(), Clock.systemUTC());
    String stamp = Times.isoInstant(System.currentTimeMillis()).replace(":", "").replace("-", "");
    Path candidateDir = r.out().resolve("candidate-" + stamp);
    out.printf(Locale.ROOT, "retraining on %s .. %s, hold-out %s .. %s%n", Times.format(trainFrom), Times.format(holdoutFrom),
        Times.format(holdoutFrom), Times.format(end));
    EnsembleTrainer.Result trained = TrainEnsembleCommand.train(plan, trainFrom, holdoutFrom, runSeed, candidateDir, out);
    EnsembleManifest.write(candidateDir, plan, trainFrom, holdoutFrom, runSeed, trained.seconds(), common.config);
    PerformanceMetrics candidate = holdout(plan, candidateDir, holdoutFrom, end);
    Optional<ModelRegistry.Version> current = registry.current(EnsembleManifest.AGENT);
    PerformanceMetrics incumbent = current.isPresent() ? holdout(plan, current.get().dir(), holdoutFrom, end) : null;
    PromotionRule.Verdict verdict = new PromotionRule(r.minSharpeGain(), r.maxDrawdownSlack()).judge(score(candidate),
        incumbent == null ? null : score(incumbent));
    ModelRegistry.Version registered = registry.registerBundle(EnsembleManifest.AGENT, candidateDir,
        "retrain candidate " + Times.format(trainFrom) + " .. " + Times.format(holdoutFrom));
    if (verdict.promote()) {
      registry.promote(EnsembleManifest.AGENT, registered.name(), verdict.reason());
    }
    ObjectNode audit = new ObjectMapper().createObjectNode();
    audit.put("candidate", registered.name()).put("current", current.map(ModelRegistry.Version::name).orElse(""))
        .put("trainFrom", Times.isoInstant(trainFrom)).put("trainTo", Times.isoInstant(holdoutFrom))
        .put("holdoutFrom", Times.isoInstant(holdoutFrom)).put("holdoutTo", Times.isoInstant(end)).put("seed", runSeed)
        .put("config", common.config == null ? "" : common.config.toString())
        .put("promoted", verdict.promote()).put("reason", verdict.reason());
    audit.putPOJO("candidateMetrics", score(candidate));
    if (incumbent != null) {
      audit.putPOJO("currentMetrics", score(incumbent));
    }
    registry.recordDecision(EnsembleManifest.AGENT, "retrain", audit);
    out.println((verdict.promote() ? "promoted " : "registered but did not promote ") + registered.name() + ": "
        + verdict.reason());
    return 0;
  }

  private static PerformanceMetrics holdout(EnsemblePlan plan, Path dir, long from, long to) throws IOException {
    try (Ensemble ensemble = Ensemble.load(dir, plan.settings().projection());
        MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      return plan.backtest("ensemble", ensemble.policy(meta), from, to).metrics();
    }
  }

  private static PromotionRule.Score score(PerformanceMetrics m) {
    return new PromotionRule.Score(m.sharpe(), m.maxDrawdown());
  }
}
