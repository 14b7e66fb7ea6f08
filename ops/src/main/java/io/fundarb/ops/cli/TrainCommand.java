package io.fundarb.ops.cli;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ppo.EpochStats;
import io.fundarb.models.ppo.PpoConfig;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.rl.TrainingInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb train}: one specialised agent, PPO on the carry environment. */
@Command(name = "train", mixinStandardHelpOptions = true,
    subcommands = {TrainEnsembleCommand.class, TrainAllocatorCommand.class},
    description = {"Trains one agent with PPO on the carry environment (or: train ensemble --config conf/train.conf).",
        "Agents: long_term, short_term, sentiment, anomaly. Trains over",
        "the range of the windows file, then writes NAME.params (weights), NAME.json (model card) and NAME.log.csv.",
        "An epoch is one rollout of envs x rollout-steps environment steps followed by the PPO update."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--agent", description = "long_term, short_term, sentiment or anomaly")
  String agent;

  @Option(names = "--windows", paramLabel = "<file.npy>", description = "market windows from fundarb windows")
  Path windows;

  @Option(names = "--sentiment-windows", paramLabel = "<file.npy>", description = "sentiment windows (the sentiment agent needs them)")
  Path sentimentWindows;

  @Option(names = "--output", paramLabel = "<file.params>", description = "where to write the model")
  Path output;

  @Option(names = "--epochs", defaultValue = "100", description = "PPO epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "minibatch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "3e-4", description = "Adam learning rate, decayed linearly (default: ${DEFAULT-VALUE})")
  float learningRate;

  @Option(names = "--hidden-dims", split = ",", paramLabel = "<dims>", description = "hidden layers (default per agent)")
  int[] hidden;

  @Option(names = "--update-passes", defaultValue = "3", description = "PPO passes over each rollout (default: ${DEFAULT-VALUE})")
  int updatePasses;

  @Option(names = "--seed", defaultValue = "7", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--envs", defaultValue = "16", description = "environments stepped together (default: ${DEFAULT-VALUE})")
  int envs;

  @Option(names = "--rollout-steps", defaultValue = "128", description = "steps per environment per epoch (default: ${DEFAULT-VALUE})")
  int rolloutSteps;

  @Option(names = "--data", paramLabel = "<dir>", description = "data directory (default: the one the windows were made from)")
  Path data;

  @Option(names = "--config", paramLabel = "<file>", description = "HOCON file overriding conf/reference.conf")
  Path config;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (agent == null || windows == null || output == null) {
      throw new IllegalArgumentException("train needs --agent, --windows and --output (or the subcommand: train ensemble)");
    }
    AgentKind kind = AgentKind.of(agent);
    if (kind.needsSentiment() && sentimentWindows == null) {
      throw new IllegalArgumentException("the " + kind.key() + " agent reads sentiment: pass --sentiment-windows");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1");
    }
    FundarbConfig fundarb = FundarbConfig.load(config);
    List<Path> files = new ArrayList<>(List.of(windows));
    if (sentimentWindows != null) {
      files.add(sentimentWindows);
    }
    TrainingInputs inputs = TrainingInputs.open(files, data, fundarb);
    Universe universe = inputs.universe();
    PpoConfig ppo = PpoConfig.builder(hidden != null ? hidden : kind.hidden(), seed)
        .learningRate(learningRate, 0.1f).rollout(envs, rolloutSteps).updates(updatePasses, batchSize)
        .exploration(AgentKind.INITIAL_LOG_STD).build();
    AgentTrainer.Setup setup = new AgentTrainer.Setup(kind, inputs.data(), inputs.from(),
        id -> universe.pair(universe.assetIndexOf(id)), inputs.normalization(kind.features()), inputs.window(),
        fundarb.sizing(), fundarb.simVenue(inputs.data().venue(), null), fundarb.planner(), ppo, epochs,
        kind.targetScale(), kind.episodeSteps(), 6, 0.5, inputs.dataDir().toString());
    out.printf(Locale.ROOT, "training %s: %d features x %d steps + 3 state, hidden %s, %d epochs of %d steps%n", kind.key(),
        kind.features().size(), inputs.window(), java.util.Arrays.toString(ppo.hidden()), epochs, ppo.samplesPerEpoch());
    ProgressBar bar = new ProgressBar(out, kind.key(), "epochs", epochs);
    AgentTrainer.Result result = AgentTrainer.train(setup, output, stats -> bar.update(stats.epoch() + 1, line(stats)));
    bar.finish();
    EpochStats last = result.history().get(result.history().size() - 1);
    out.printf(Locale.ROOT, "done in %s: %,d env steps (%,.0f/s), last epoch: %s%n", ProgressBar.duration(result.seconds()),
        last.envSteps(), last.envSteps() / result.seconds(), line(last));
    out.println("wrote " + result.params() + ", " + result.card() + " and " + result.log());
    return 0;
  }

  static String line(EpochStats s) {
    return String.format(Locale.ROOT, "ret %s pl %.3f vl %.3f kl %.4f ent %.2f %,.0f steps/s",
        Double.isFinite(s.meanEpisodeReturn()) ? String.format(Locale.ROOT, "%.3f", s.meanEpisodeReturn()) : "-",
        s.policyLoss(), s.valueLoss(), s.approxKl(), s.entropy(), s.stepsPerSecond());
  }
}
