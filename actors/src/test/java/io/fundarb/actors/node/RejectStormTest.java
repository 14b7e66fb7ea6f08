package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A venue that rejects 70 % of orders (VENUE_ERROR): the node keeps deciding, re-plans rejected
 * legs, journals every rejection, ends with no order left open and exactly the state the
 * backtester reaches under the same seeded faults.
 */
class RejectStormTest {
  @Test
  void aRejectStormLeavesTheNodeConsistentAndEveryRejectionJournaled() throws Exception {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = new BacktestConfig("threshold", StrategySettings.empty(), RealData.SIZING,
        RealData.VENUE.withRejects(0.7, 11), PlannerSettings.defaults(), true);
    BacktestResult expected = new Backtester(data, universe, config).run();
    try (FundarbNode node = FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config,
        NodeFixtures.assets("threshold"), NodeFixtures.virtualTime(), JournalSettings.h2Memory("reject-storm"),
        ConfigFactory.empty())) {
      Run.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
      assertEquals("end of data", finished.reason());
      assertEquals(0, finished.missedDecisions());
      assertEquals(expected.metrics(), finished.result().metrics());
      assertTrue(expected.metrics().rejections() > 50, "a storm: " + expected.metrics().rejections() + " rejections");
      assertTrue(expected.metrics().fills() > 20, "rejected legs were re-planned and filled later");
      long rejections = 0;
      long fills = 0;
      for (String asset : java.util.List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT")) {
        OrderActor.Book book = node.book(asset).toCompletableFuture().get(30, TimeUnit.SECONDS);
        rejections += book.rejections();
        fills += book.fills();
        assertEquals(0, book.inFlight().length, asset + " has requests left in flight: "
            + java.util.Arrays.toString(book.inFlight()));
      }
      assertEquals(expected.metrics().rejections(), rejections, "every rejection journaled");
      assertEquals(expected.metrics().fills(), fills, "every fill journaled");
    }
  }
}
