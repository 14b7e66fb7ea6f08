package io.fundarb.ops.allocator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.fundarb.engine.multivenue.AllocatorReward;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.ConfigError;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code fundarb.allocator}, read once with clear errors. */
public record AllocatorSettings(
    List<String> venues,
    long from,
    long to,
    long seed,
    Path output,
    int epochs,
    int envs,
    int rolloutSteps,
    float learningRate,
    int[] hidden,
    int episodeSteps,
    int decideEvery,
    double deadband,
    float prior,
    AllocatorReward reward,
    WalkForward walkForward) {

  public record WalkForward(long from, long to, long trainMs, long validationMs, long testMs, long stepMs,
      int candidates, boolean ablation, Path out) {}

  public static AllocatorSettings read(FundarbConfig config) {
    try {
      Config a = config.raw().getConfig("fundarb.allocator");
      Config r = a.getConfig("reward");
      Config w = a.getConfig("walk-forward");
      AllocatorSettings s = new AllocatorSettings(
          a.getStringList("venues").stream().map(v -> v.toUpperCase(Locale.ROOT)).toList(),
          Times.parse(a.getString("from")), Times.parse(a.getString("to")), a.getLong("seed"),
          Path.of(a.getString("output")), a.getInt("epochs"), a.getInt("envs"), a.getInt("rollout-steps"),
          (float) a.getDouble("learning-rate"), a.getIntList("hidden").stream().mapToInt(Integer::intValue).toArray(),
          a.getInt("episode-steps"), a.getInt("decide-every"), a.getDouble("deadband"), (float) a.getDouble("prior"),
          new AllocatorReward(r.getDouble("scale"), r.getDouble("turnover-penalty"), r.getDouble("drawdown-penalty")),
          new WalkForward(Times.parse(w.getString("from")), Times.parse(w.getString("to")),
              w.getDuration("train").toMillis(), w.getDuration("validation").toMillis(), w.getDuration("test").toMillis(),
              w.getDuration("step").toMillis(), w.getInt("candidates"), w.getBoolean("ablation"),
              Path.of(w.getString("out"))));
      if (s.venues().size() < 2 || !(s.from() < s.to()) || s.epochs() < 1 || s.envs() < 1 || s.rolloutSteps() < 1
          || s.episodeSteps() < 1 || s.decideEvery() < 1 || !(s.prior() >= 0 && s.prior() <= 1) || s.walkForward().candidates() < 1) {
        throw new IllegalArgumentException("need two or more venues, from < to, positive epochs, envs, rollout and"
            + " episode steps, a prior in [0, 1] and at least one candidate");
      }
      return s;
    } catch (ConfigException | IllegalArgumentException e) {
      throw new ConfigError("config error in fundarb.allocator: " + e.getMessage(), e);
    }
  }
}
