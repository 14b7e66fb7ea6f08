package io.fundarb.ops.config;

import com.typesafe.config.Config;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.strategy.Strategy;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The node's settings from {@code fundarb.node} and {@code fundarb.risk}: one reading for every command. */
public final class NodeConfig {
  private final FundarbConfig config;
  private final Config node;

  public NodeConfig(FundarbConfig config) {
    this.config = config;
    this.node = config.raw().getConfig("fundarb.node");
  }

  /** The policy every asset runs by default. */
  public String strategy() {
    return node.getString("strategy");
  }

  public double speed() {
    return node.getDouble("speed");
  }

  /** Every asset's settings: a baseline policy, risk limits, breaker and restart backoff. */
  public AssetSettings assets(StrategyFactory factory, StrategySettings strategySettings) {
    return assets(() -> factory.create(strategySettings), false);
  }

  /** As above with any policy; {@code model}: it reads feature rows and runs on the model dispatcher. */
  public AssetSettings assets(Supplier<Strategy> policy, boolean model) {
    return new AssetSettings(policy, riskLimits(), breaker(node.getConfig("breaker")),
        node.getDuration("max-staleness").toMillis(), node.getDuration("restart-backoff.min"),
        node.getDuration("restart-backoff.max"), model, null);
  }

  public NodeSettings settings(double speed) {
    return new NodeSettings(speed, node.getDuration("step-timeout"),
        config.raw().getDouble("fundarb.risk.max-portfolio-ratio"), config.raw().getDouble("fundarb.risk.max-daily-loss"));
  }

  /** The journal: PostgreSQL when configured (password from the named environment variable), else H2 in {@code runDir}. */
  public JournalSettings journal(Path runDir) {
    Config j = node.getConfig("journal");
    if (j.getString("kind").equals("postgres")) {
      String password = System.getenv().getOrDefault(j.getString("password-env"), "");
      return JournalSettings.postgres(j.getString("url"), j.getString("user"), password);
    }
    return JournalSettings.h2File(runDir);
  }

  private RiskLimits riskLimits() {
    Config r = config.raw().getConfig("fundarb.risk");
    return new RiskLimits(r.getDouble("max-position-ratio"), r.getDouble("max-portfolio-ratio"),
        r.getDouble("max-daily-loss"), r.getDouble("stop-loss"), r.getDuration("stop-cooldown").toMillis(),
        r.getInt("max-losing-streak"), r.getDouble("sharp-move"), r.getDuration("sharp-move-window").toMillis(),
        r.getDouble("max-margin-ratio"), r.getDouble("margin-reduce-step"), r.getInt("base-leverage"),
        r.getInt("max-leverage"), r.getDouble("calm-volatility"), config.sizing().leverage());
  }

  private static CircuitBreaker.Settings breaker(Config b) {
    return new CircuitBreaker.Settings(b.getInt("max-failures"), b.getDuration("window").toMillis(),
        b.getDuration("cool-down").toMillis(), b.getDuration("healthy").toMillis());
  }
}
