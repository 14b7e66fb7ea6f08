package io.fundarb.models.agents;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.env.EnvConfig;
import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.env.VecCarryEnv;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureSpec;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.stress.ShockScenarios;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.models.ppo.EpochStats;
import io.fundarb.models.ppo.PolicyHead;
import io.fundarb.models.ppo.PpoConfig;
import io.fundarb.models.ppo.PpoTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains one specialised agent with PPO on the carry environment over the training range, then
 * saves its weights, card and training log. Shocked variants of the data are mixed in for agents
 * that train on stress.
 */
public final class AgentTrainer {
  private AgentTrainer() {}

  /**
   * What to train on and how.
   *
   * @param data the market history, including the warm-up lead before {@code trainFrom}
   * @param normalization the agent's observed features with statistics fitted on the training range
   * @param targetScale the agent's size (its target is multiplied by this)
   */
  public record Setup(
      AgentKind kind,
      MarketData data,
      long trainFrom,
      Function<AssetId, CarryPair> instruments,
      FeatureNormalization normalization,
      int window,
      Sizing sizing,
      SimVenueConfig venue,
      PlannerSettings planner,
      PpoConfig ppo,
      int epochs,
      double targetScale,
      int episodeSteps,
      int shocksPerAsset,
      double shockedShare,
      String dataDir) {}

  /** What a run produced. */
  public record Result(Path params, Path card, Path log, List<EpochStats> history, double seconds) {}

  public static Result train(Setup setup, Path output, Consumer<EpochStats> progress) throws IOException {
    long stepMs = setup.data().assets().get(0).perp().intervalMs();
    long begin = System.nanoTime();
    Path log = TrainingLog.besides(output);
    ActionSpace actions = actions(setup.kind(), setup.venue().spotBorrow());
    try (PpoTrainer trainer = trainer(setup); TrainingLog csv = new TrainingLog(log)) {
      List<EpochStats> history = trainer.train(setup.epochs(), stats -> {
        csv.write(stats);
        progress.accept(stats);
      });
      double seconds = (System.nanoTime() - begin) / 1e9;
      ModelCard card = card(setup, actions, head(actions), trainer, stepMs, history, seconds);
      AgentModel.save(output, card, trainer.model());
      return new Result(output, ModelCard.besides(output), log, history, seconds);
    }
  }

  /**
   * A PPO trainer on the agent's vectorised environments, ready to run epochs (the caller closes
   * it): shocked variants mixed in for agents that train on stress, the policy starting at the
   * agent's prior.
   */
  public static PpoTrainer trainer(Setup setup) {
    AssetSeries first = setup.data().assets().get(0);
    long stepMs = first.perp().intervalMs();
    List<EnvData.AssetShock> shocks = new ArrayList<>();
    if (setup.kind().trainsOnShocks()) {
      for (int a = 0; a < setup.data().assets().size(); a++) {
        shocks.addAll(ShockScenarios.random(setup.data().assets().get(a).asset(), setup.trainFrom(), setup.data().to(),
            stepMs, setup.shocksPerAsset(), setup.ppo().seed() + a));
      }
    }
    EnvData envData = EnvData.build(setup.data(), setup.instruments(), setup.normalization(), setup.window(),
        first.funding().typicalIntervalMs(), setup.trainFrom(), shocks);
    ActionSpace actions = actions(setup.kind(), setup.venue().spotBorrow());
    EnvConfig envConfig = new EnvConfig(actions, setup.kind().reward(), setup.kind().limits(), setup.targetScale(),
        setup.episodeSteps(), true, setup.shockedShare(), setup.sizing(), setup.venue(), setup.planner());
    VecCarryEnv vec = new VecCarryEnv(envData, envConfig, setup.ppo().envs(), setup.ppo().seed());
    return new PpoTrainer(new VecEnvAdapter(vec), head(actions), setup.ppo(), setup.kind().prior());
  }

  private static PolicyHead head(ActionSpace actions) {
    return actions instanceof ActionSpace.Continuous c ? new PolicyHead.Gaussian(1, (float) c.low(), (float) c.high())
        : new PolicyHead.Categorical(actions.size());
  }

  /** Continuous targets start at 0 unless the venue lends spot (reverse carry) and the agent is not a gate. */
  static ActionSpace actions(AgentKind kind, boolean spotBorrow) {
    if (kind.discrete()) {
      return new ActionSpace.Discrete(kind.buckets());
    }
    return new ActionSpace.Continuous(spotBorrow && kind != AgentKind.ANOMALY ? -1 : 0, 1, AgentKind.DEADBAND);
  }

  private static ModelCard card(Setup setup, ActionSpace actions, PolicyHead head, PpoTrainer trainer, long stepMs,
      List<EpochStats> history, double seconds) {
    FeatureNormalization norm = setup.normalization();
    FeatureSpec spec = new FeatureSpec(norm.features(), setup.window(), stepMs, FeatureSpec.STATE);
    ModelCard.Action action = actions instanceof ActionSpace.Continuous c
        ? new ModelCard.Action("continuous", c.low(), c.high(), c.deadband(), new double[0])
        : new ModelCard.Action("discrete", 0, 0, 0, ((ActionSpace.Discrete) actions).buckets());
    ModelCard.Network network = head instanceof PolicyHead.Gaussian g
        ? new ModelCard.Network(spec.observationSize(), setup.ppo().hidden(), "gaussian", 1, g.low(), g.high())
        : new ModelCard.Network(spec.observationSize(), setup.ppo().hidden(), "categorical", head.outputs(), 0, 0);
    PpoConfig p = setup.ppo();
    Map<String, Object> hyper = new LinkedHashMap<>();
    hyper.put("epochs", setup.epochs());
    hyper.put("learningRate", p.learningRate());
    hyper.put("finalLearningRateFraction", p.finalLearningRateFraction());
    hyper.put("envs", p.envs());
    hyper.put("rolloutSteps", p.rolloutSteps());
    hyper.put("updateEpochs", p.updateEpochs());
    hyper.put("minibatch", p.minibatch());
    hyper.put("gamma", p.gamma());
    hyper.put("lambda", p.lambda());
    hyper.put("clip", p.clip());
    hyper.put("valueClip", p.valueClip());
    hyper.put("valueCoefficient", p.valueCoefficient());
    hyper.put("entropyCoefficient", p.entropyCoefficient());
    hyper.put("maxGradNorm", p.maxGradNorm());
    hyper.put("targetKl", p.targetKl());
    hyper.put("episodeSteps", setup.episodeSteps());
    hyper.put("reward", setup.kind().reward());
    hyper.put("limits", setup.kind().limits());
    hyper.put("shockedShare", setup.kind().trainsOnShocks() ? setup.shockedShare() : 0);
    Map<String, Object> metrics = ModelCard.trainingMetrics(trainer, history, seconds);
    return new ModelCard(ModelCard.FORMAT, setup.kind().key(), Instant.now().toString(), network, action,
        setup.targetScale(),
        new ModelCard.Features(norm.features().stream().map(Feature::key).toList(), setup.window(), stepMs,
            FeatureSpec.STATE, spec.hash(), norm.mean(), norm.std()),
        ModelCard.Normalizer.of(trainer, p.normalizeObservations()),
        new ModelCard.Training(setup.data().venue(),
            setup.data().assets().stream().map(a -> a.asset().symbol()).toList(), Times.isoInstant(setup.trainFrom()),
            Times.isoInstant(setup.data().to()), setup.dataDir()),
        p.seed(), hyper, metrics);
  }
}
