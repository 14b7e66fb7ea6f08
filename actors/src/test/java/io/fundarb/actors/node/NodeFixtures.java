package io.fundarb.actors.node;

import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategySettings;
import java.time.Duration;
import java.util.function.Supplier;

/** Asset and node settings shared by the actor tests. */
public final class NodeFixtures {
  private NodeFixtures() {}

  public static AssetSettings assets(Supplier<Strategy> strategy) {
    return new AssetSettings(strategy, RiskLimits.defaults(1), new CircuitBreaker.Settings(3, 3_600_000L * 24,
        3_600_000L * 6, 3_600_000L * 12), 3_600_000L * 4, Duration.ofMillis(10), Duration.ofMillis(50), false, null);
  }

  public static AssetSettings assets(String strategy) {
    return assets(() -> Strategies.find(strategy).create(StrategySettings.empty()));
  }

  /** {@code assets} trading in the account of a replay of {@code tape} (its universe, sizing and intervals). */
  public static AssetSettings inAccount(AssetSettings assets, Universe universe, BacktestConfig config,
      MarketTape tape) {
    return assets.withTrading(AssetSettings.Trading.of(universe, config, tape.bars(Universe.perpIndex(0)).intervalMs(),
        tape.funding(Universe.perpIndex(0)).typicalIntervalMs()));
  }

  /** A node with no run yet, for {@code assets} in that account. */
  public static FundarbNode node(AssetSettings assets, Universe universe, BacktestConfig config, MarketTape tape,
      JournalSettings journal, com.typesafe.config.Config pekko) {
    AssetSettings inAccount = inAccount(assets, universe, config, tape);
    return FundarbNode.start(inAccount, FundarbNode.account("BINANCE", universe, config, inAccount, virtualTime()),
        journal, pekko, (io.fundarb.engine.live.OrderGateway) null);
  }

  public static NodeSettings virtualTime() {
    return new NodeSettings(0, Duration.ofSeconds(5), 1.0, 0.02);
  }
}
