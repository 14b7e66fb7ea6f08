package io.fundarb.models.ensemble;

import io.fundarb.engine.risk.RiskProjection;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ppo.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The two-stage pipeline: stage one trains the four agents (each on its own features, reward and
 * stress mix), stage two freezes them and trains the meta controller over their proposals. Writes
 * an ensemble directory ({@link Ensemble}).
 */
public final class EnsembleTrainer {
  private EnsembleTrainer() {}

  /** Told of every finished epoch: which model ("long_term", ..., "meta") and its statistics. */
  public interface Progress {
    void epoch(String model, EpochStats stats);
  }

  /** Seconds each model took, in training order. */
  public record Result(Path dir, Map<String, Double> seconds) {}

  public static Result train(Function<AgentKind, AgentTrainer.Setup> agents, MetaTrainer.Setup meta,
      RiskProjection projection, Path dir, Progress progress) throws IOException {
    Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    for (AgentKind kind : AgentKind.values()) {
      AgentTrainer.Result r = AgentTrainer.train(agents.apply(kind), Ensemble.agentFile(dir, kind),
          s -> progress.epoch(kind.key(), s));
      seconds.put(kind.key(), r.seconds());
    }
    try (Ensemble ensemble = Ensemble.load(dir, projection)) {
      MetaTrainer.Result r = MetaTrainer.train(ensemble, meta, dir.resolve(Ensemble.META_FILE),
          s -> progress.epoch(MetaModel.AGENT, s));
      seconds.put(MetaModel.AGENT, r.seconds());
    }
    return new Result(dir, seconds);
  }

  /** The file of the meta controller trained without {@code kind} (an ablation). */
  public static Path ablationFile(Path dir, AgentKind kind) {
    return dir.resolve("meta-without-" + kind.key() + ".params");
  }
}
