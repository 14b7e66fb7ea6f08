package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The actor node (sharded asset hierarchies, risk actors, journaled orders) replaying the real
 * Binance data with the threshold strategy produces the backtester's fills and P&amp;L exactly.
 */
class ReplayMatchesBacktestTest {
  @Test
  void actorReplayReproducesTheBacktesterToTheUnit() throws Exception {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    BacktestResult expected = new Backtester(data, universe, config).run();

    try (FundarbNode node = FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config,
        NodeFixtures.assets("threshold"), NodeFixtures.virtualTime(), JournalSettings.h2Memory("equality"),
        ConfigFactory.empty())) {
      Run.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
      BacktestResult actual = finished.result();
      assertEquals("end of data", finished.reason());
      assertEquals(0, finished.missedDecisions());
      assertTrue(expected.metrics().fills() > 50, "the threshold strategy trades: " + expected.metrics().fills());
      assertEquals(expected.journal().fills(), actual.journal().fills());
      assertEquals(expected.metrics(), actual.metrics());
    }
  }
}
