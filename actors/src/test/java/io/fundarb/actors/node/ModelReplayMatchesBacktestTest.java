package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ppo.PpoConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained agent as the node's policy: each asset's feed builds its feature rows and ships them
 * with its tick, the strategy actor rebuilds the window and runs inference on the model dispatcher, and
 * the node's fills and P&amp;L equal the backtester running the same model in-process.
 */
class ModelReplayMatchesBacktestTest {
  private static final long H8 = 8 * Times.HOUR_MS;

  @TempDir Path dir;

  @Test
  void aModelPolicyInTheNodeReproducesTheBacktest() throws Exception {
    MarketData btc = RealData.load("BINANCE", "BTCUSDT");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
    FeatureTable table = FeatureTable.build(MarketTape.build(btc, universe), universe, H8, H8);
    FeatureNormalization normalization = FeatureNormalization.fit(AgentKind.SHORT_TERM.features(), table,
        new int[] {0}, new int[] {table.firstReady(0)}, new int[] {table.steps()});
    Path params = dir.resolve("short_term.params");
    AgentTrainer.train(new AgentTrainer.Setup(AgentKind.SHORT_TERM, btc, Long.MIN_VALUE,
        id -> TestInstruments.pair(id.venue(), id.symbol()), normalization, 10, RealData.SIZING, RealData.VENUE,
        PlannerSettings.defaults(), PpoConfig.builder(new int[] {16, 16}, 3).rollout(4, 32).build(), 2, 1.0, 60, 0, 0,
        "test"), params, s -> { });
    BacktestConfig config = RealData.config("short_term");
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (AgentModel model = AgentModel.load(params)) {
      BacktestResult expected = new Backtester(btc, universe, config, model::newStrategy).run();
      AssetSettings settings = new AssetSettings(() -> recordingThread(model.newStrategy(), threads),
          NodeFixtures.assets("flat").limits(), NodeFixtures.assets("flat").breaker(), 3_600_000L * 24,
          java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50), true, null);
      try (FundarbNode node = FundarbNode.replay(MarketTape.build(btc, universe), btc.venue(), universe, config,
          settings, NodeFixtures.virtualTime(), JournalSettings.h2Memory("model-equality"), ConfigFactory.empty())) {
        Run.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(0, finished.missedDecisions());
        assertTrue(expected.metrics().fills() > 0, "the agent trades");
        assertEquals(expected.journal().fills(), finished.result().journal().fills());
        assertEquals(expected.metrics(), finished.result().metrics());
      }
    }
    assertFalse(threads.isEmpty());
    assertTrue(threads.stream().allMatch(t -> t.contains(AssetSettings.MODEL_DISPATCHER)),
        "inference ran on the model dispatcher only: " + threads);
  }

  private static Strategy recordingThread(Strategy inner, Set<String> threads) {
    return new Strategy() {
      @Override
      public double target(AssetView view) {
        threads.add(Thread.currentThread().getName());
        return inner.target(view);
      }

      @Override
      public boolean usesFeatures() {
        return true;
      }
    };
  }
}
