package io.fundarb.models.allocator;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.multivenue.AllocatorEnv;
import io.fundarb.engine.multivenue.AllocatorInputs;
import io.fundarb.engine.multivenue.AllocatorReward;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.Opportunity;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.time.Times;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the allocator with PPO on portfolio episodes over the venues ({@link AllocatorEnv}): the
 * same accounts, costs, limits and transfers as a backtest, a Gaussian head with one output per
 * opportunity in [0, 1]. Saves {@code allocator.params} and its card (opportunities, inputs, reward,
 * training range, time taken).
 */
public final class AllocatorTrainer {
  private AllocatorTrainer() {}

  /**
   * @param venues each venue's data, from a month before {@code trainFrom} (warm-up) to the end of training
   * @param prior initial mean share of every opportunity's output, before any learning
   */
  public record Setup(
      List<VenueMarket> venues,
      Opportunities.Offered offered,
      long trainFrom,
      BacktestConfig config,
      PortfolioSettings settings,
      AllocatorReward reward,
      PpoConfig ppo,
      int epochs,
      int episodeSteps,
      int decideEvery,
      double deadband,
      float prior,
      String dataDir) {}

  public record Result(Path params, List<EpochStats> history, double seconds) {}

  public static Result train(Setup setup, Path output, Consumer<EpochStats> progress) throws IOException {
    SplittableRandom seeds = new SplittableRandom(setup.ppo().seed());
    List<AllocatorEnv> envs = new ArrayList<>();
    for (int i = 0; i < setup.ppo().envs(); i++) {
      envs.add(new AllocatorEnv(setup.venues(), setup.offered(), setup.config(), setup.settings(), setup.reward(),
          setup.episodeSteps(), setup.decideEvery(), setup.deadband(), setup.trainFrom(), seeds.nextLong()));
    }
    AllocatorEnvironment env = new AllocatorEnvironment(envs);
    int n = setup.offered().opportunities().size();
    PolicyHead head = new PolicyHead.Gaussian(n, 0f, 1f);
    float[] prior = new float[n];
    Arrays.fill(prior, setup.prior());
    long begin = System.nanoTime();
    try (PpoTrainer trainer = new PpoTrainer(env, head, setup.ppo(), prior);
        TrainingLog log = new TrainingLog(TrainingLog.besides(output))) {
      List<EpochStats> history = trainer.train(setup.epochs(), stats -> {
        log.write(stats);
        progress.accept(stats);
      });
      double seconds = (System.nanoTime() - begin) / 1e9;
      AgentModel.save(output, card(setup, trainer, history, seconds), trainer.model());
      return new Result(output, history, seconds);
    }
  }

  private static ModelCard card(Setup setup, PpoTrainer trainer, List<EpochStats> history, double seconds) {
    PpoConfig p = setup.ppo();
    List<Opportunity> opportunities = setup.offered().opportunities();
    List<String> names = AllocatorInputs.names(opportunities);
    Map<String, Object> hyper = new LinkedHashMap<>();
    hyper.put("opportunities", opportunities.stream().map(Opportunity::label).toList());
    hyper.put("epochs", setup.epochs());
    hyper.put("learningRate", p.learningRate());
    hyper.put("envs", p.envs());
    hyper.put("rolloutSteps", p.rolloutSteps());
    hyper.put("episodeSteps", setup.episodeSteps());
    hyper.put("decideEvery", setup.decideEvery());
    hyper.put("reward", setup.reward());
    hyper.put("limits", setup.settings().limits());
    hyper.put("crossVenue", setup.settings().crossVenue());
    Map<String, Object> metrics = ModelCard.trainingMetrics(trainer, history, seconds);
    ModelCard.Normalizer normalizer = ModelCard.Normalizer.of(trainer, p.normalizeObservations());
    long stepMs = setup.venues().get(0).data().assets().get(0).perp().intervalMs();
    var first = setup.venues().get(0).data();
    return new ModelCard(ModelCard.FORMAT, AllocatorModel.AGENT, Instant.now().toString(),
        new ModelCard.Network(names.size(), p.hidden(), "gaussian", opportunities.size(), 0f, 1f),
        new ModelCard.Action("continuous", 0, 1, setup.deadband(), new double[0]),
        setup.settings().limits().maxPerOpportunity(),
        ModelCard.inputs(names, stepMs, AllocatorInputs.SPEC), normalizer,
        new ModelCard.Training(String.join(",", setup.venues().stream().map(VenueMarket::name).toList()),
            first.assets().stream().map(a -> a.asset().symbol()).toList(), Times.isoInstant(setup.trainFrom()),
            Times.isoInstant(first.to()), setup.dataDir()),
        p.seed(), hyper, metrics);
  }
}
