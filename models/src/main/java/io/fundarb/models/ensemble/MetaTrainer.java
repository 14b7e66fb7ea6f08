package io.fundarb.models.ensemble;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.env.EnvConfig;
import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.env.EnvLimits;
import io.fundarb.engine.env.RewardConfig;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.stress.ShockScenarios;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.agents.TrainingLog;
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
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stage two of ensemble training: the four agents are frozen and the meta controller learns, on
 * the same carry environment (with stress scenarios mixed in), how much carry to hold given
 * their proposals, with the portfolio-level reward.
 */
public final class MetaTrainer {
  private MetaTrainer() {}

  /**
   * @param without agents left out (their proposals fixed at the neutral value) for an ablation
   * @param deadband meta targets move only by at least this much
   */
  public record Setup(
      MarketData data,
      long trainFrom,
      Function<AssetId, CarryPair> instruments,
      Sizing sizing,
      SimVenueConfig venue,
      PlannerSettings planner,
      PpoConfig ppo,
      int epochs,
      RewardConfig reward,
      EnvLimits limits,
      int episodeSteps,
      double deadband,
      int shocksPerAsset,
      double shockedShare,
      Set<AgentKind> without,
      String dataDir) {}

  public record Result(Path params, List<EpochStats> history, double seconds) {}

  /** Trains a meta controller over {@code ensemble}'s frozen agents and saves it at {@code output}. */
  public static Result train(Ensemble ensemble, Setup setup, Path output, Consumer<EpochStats> progress)
      throws IOException {
    AssetSeries first = setup.data().assets().get(0);
    long stepMs = first.perp().intervalMs();
    ensemble.checkData(stepMs);
    List<EnvData.AssetShock> shocks = new ArrayList<>();
    for (int a = 0; a < setup.data().assets().size(); a++) {
      shocks.addAll(ShockScenarios.random(setup.data().assets().get(a).asset(), setup.trainFrom(), setup.data().to(),
          stepMs, setup.shocksPerAsset(), setup.ppo().seed() + 31L * a));
    }
    EnvData envData = EnvData.build(setup.data(), setup.instruments(),
        new FeatureNormalization(List.of(), new double[0], new double[0]), ensemble.window(),
        first.funding().typicalIntervalMs(), setup.trainFrom(), shocks);
    EnvConfig envConfig = new EnvConfig(new ActionSpace.Continuous(-1, 1), setup.reward(), setup.limits(), 1,
        setup.episodeSteps(), true, shocks.isEmpty() ? 0 : setup.shockedShare(), setup.sizing(), setup.venue(),
        setup.planner());
    double low = setup.venue().spotBorrow() ? -1 : 0;
    ActionSpace.Continuous actions = new ActionSpace.Continuous(low, 1, setup.deadband());
    MetaEnvironment env = new MetaEnvironment(envData, envConfig, setup.ppo().envs(), setup.ppo().seed(),
        () -> ensemble.decider(new PortfolioBook(), setup.without(), actions,
            DecisionListener.NONE));
    PolicyHead head = new PolicyHead.Gaussian(1, (float) low, 1f);
    long begin = System.nanoTime();
    try (PpoTrainer trainer = new PpoTrainer(env, head, setup.ppo(), new float[] {1f});
        TrainingLog log = new TrainingLog(TrainingLog.besides(output))) {
      List<EpochStats> history = trainer.train(setup.epochs(), stats -> {
        log.write(stats);
        progress.accept(stats);
      });
      double seconds = (System.nanoTime() - begin) / 1e9;
      AgentModel.save(output, card(setup, actions, stepMs, trainer, history, seconds), trainer.model());
      return new Result(output, history, seconds);
    }
  }

  private static ModelCard card(Setup setup, ActionSpace.Continuous actions, long stepMs, PpoTrainer trainer,
      List<EpochStats> history, double seconds) {
    PpoConfig p = setup.ppo();
    List<String> names = MetaInputs.names();
    Map<String, Object> hyper = new LinkedHashMap<>();
    hyper.put("without", setup.without().stream().map(AgentKind::key).sorted().toList());
    hyper.put("epochs", setup.epochs());
    hyper.put("learningRate", p.learningRate());
    hyper.put("envs", p.envs());
    hyper.put("rolloutSteps", p.rolloutSteps());
    hyper.put("episodeSteps", setup.episodeSteps());
    hyper.put("reward", setup.reward());
    hyper.put("limits", setup.limits());
    hyper.put("shockedShare", setup.shockedShare());
    Map<String, Object> metrics = ModelCard.trainingMetrics(trainer, history, seconds);
    ModelCard.Normalizer normalizer = ModelCard.Normalizer.of(trainer, p.normalizeObservations());
    return new ModelCard(ModelCard.FORMAT, MetaModel.AGENT, Instant.now().toString(),
        new ModelCard.Network(MetaInputs.SIZE, p.hidden(), "gaussian", 1, (float) actions.low(), (float) actions.high()),
        new ModelCard.Action("continuous", actions.low(), actions.high(), actions.deadband(), new double[0]), 1.0,
        ModelCard.inputs(names, stepMs, MetaModel.INPUTS_SPEC), normalizer,
        new ModelCard.Training(setup.data().venue(), setup.data().assets().stream().map(a -> a.asset().symbol()).toList(),
            Times.isoInstant(setup.trainFrom()), Times.isoInstant(setup.data().to()), setup.dataDir()),
        p.seed(), hyper, metrics);
  }
}
