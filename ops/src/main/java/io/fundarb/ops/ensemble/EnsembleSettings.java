package io.fundarb.ops.ensemble;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.fundarb.engine.env.EnvLimits;
import io.fundarb.engine.env.RewardConfig;
import io.fundarb.engine.risk.RiskProjection;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.ConfigError;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;

/** {@code fundarb.ensemble} and the risk projection from {@code fundarb.risk}, read once with clear errors. */
public record EnsembleSettings(
    long from,
    long to,
    int window,
    long seed,
    Path output,
    Path registry,
    Agents agents,
    Meta meta,
    WalkForward walkForward,
    Retrain retrain,
    RiskProjection projection) {

  public record Agents(int epochs, int envs, int rolloutSteps, float learningRate, int shocksPerAsset) {}

  public record Meta(int epochs, int[] hidden, int envs, int rolloutSteps, float learningRate, double deadband,
      int episodeSteps, RewardConfig reward, EnvLimits limits, int shocksPerAsset, double shockedShare) {}

  public record WalkForward(long from, long to, long trainMs, long validationMs, long testMs, long stepMs,
      int candidates, boolean ablation, Path out) {}

  public record Retrain(long trainMs, long holdoutMs, double minSharpeGain, double maxDrawdownSlack, Path out) {}

  public static EnsembleSettings read(FundarbConfig config) {
    Config root = config.raw();
    try {
      Config e = root.getConfig("fundarb.ensemble");
      Config a = e.getConfig("agents");
      Config m = e.getConfig("meta");
      Config r = m.getConfig("reward");
      Config w = e.getConfig("walk-forward");
      Config rt = e.getConfig("retrain");
      Config risk = root.getConfig("fundarb.risk");
      return new EnsembleSettings(Times.parse(e.getString("from")), Times.parse(e.getString("to")), e.getInt("window"),
          e.getLong("seed"), Path.of(e.getString("output")), Path.of(e.getString("registry")),
          new Agents(a.getInt("epochs"), a.getInt("envs"), a.getInt("rollout-steps"), (float) a.getDouble("learning-rate"),
              a.getInt("shocks-per-asset")),
          new Meta(m.getInt("epochs"), m.getIntList("hidden").stream().mapToInt(Integer::intValue).toArray(),
              m.getInt("envs"), m.getInt("rollout-steps"), (float) m.getDouble("learning-rate"), m.getDouble("deadband"),
              m.getInt("episode-steps"),
              new RewardConfig(r.getDouble("scale"), r.getDouble("volatility-penalty"), r.getInt("volatility-window"),
                  r.getDouble("drawdown-penalty"), r.getDouble("turnover-cost"), r.getDouble("leverage-cost"),
                  r.getDouble("terminal-penalty")),
              new EnvLimits(m.getDouble("limits.max-drawdown"), m.getDouble("limits.max-daily-loss")),
              m.getInt("shocks-per-asset"), m.getDouble("shocked-share")),
          new WalkForward(Times.parse(w.getString("from")), Times.parse(w.getString("to")), millis(w, "train"),
              millis(w, "validation"), millis(w, "test"), millis(w, "step"), w.getInt("candidates"),
              w.getBoolean("ablation"), Path.of(w.getString("out"))),
          new Retrain(millis(rt, "train"), millis(rt, "holdout"), rt.getDouble("min-sharpe-gain"),
              rt.getDouble("max-drawdown-slack"), Path.of(rt.getString("out"))),
          new RiskProjection(risk.getDouble("max-position-ratio"), risk.getDouble("max-portfolio-ratio"),
              risk.getDouble("calm-volatility"), risk.getDouble("max-daily-loss"), risk.getDouble("max-adverse-funding")))
          .validated();
    } catch (ConfigException | IllegalArgumentException ex) {
      throw new ConfigError("config error in fundarb.ensemble: " + ex.getMessage(), ex);
    }
  }

  private static long millis(Config c, String key) {
    return c.getDuration(key).toMillis();
  }

  private EnsembleSettings validated() {
    if (!(from < to) || window < 1 || agents.epochs() < 1 || meta.epochs() < 1 || walkForward.candidates() < 1
        || walkForward.trainMs() <= 0 || walkForward.testMs() <= 0 || walkForward.stepMs() <= 0
        || walkForward.validationMs() <= 0 || retrain.trainMs() <= 0 || retrain.holdoutMs() <= 0) {
      throw new IllegalArgumentException("need from < to, a positive window, epochs, candidates and window lengths");
    }
    return this;
  }
}
