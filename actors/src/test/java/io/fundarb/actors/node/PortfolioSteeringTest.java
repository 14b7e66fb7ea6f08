package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.multivenue.AllocationLimits;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.SplitAllocation;
import io.fundarb.engine.multivenue.TransferTerms;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An operator steering a portfolio node: the kill switch reaches every venue account; what does not apply is refused. */
class PortfolioSteeringTest {
  private static final List<MarketData> DATA = List.of(RealData.load("BYBIT"), RealData.load("OKX"));

  private static FundarbNode start(String journal) {
    List<VenueMarket> markets = DATA.stream()
        .map(d -> new VenueMarket(d, TestInstruments.universe(d.venue(), "BTCUSDT", "ETHUSDT"), RealData.VENUE))
        .toList();
    var settings = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);
    // paced (a day of data per 10 ms) so that commands land in the middle of the run
    return FundarbNode.portfolio(markets, Opportunities.of(markets, true), RealData.config("portfolio"), settings,
        new SplitAllocation(21), NodeFixtures.assets("carry"),
        new NodeSettings(86_400_000.0 / 10, Duration.ofSeconds(5), 1.0, 0.02), JournalSettings.h2Memory(journal),
        ConfigFactory.empty());
  }

  private static Run.SteerReply steer(FundarbNode node, Steering steering) throws Exception {
    awaitStep(node, 0);
    return AskPattern.<Run.Query, Run.SteerReply>ask(node.run(), reply -> new Run.Steer(steering, reply),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get();
  }

  private static void awaitStep(FundarbNode node, long step) {
    Awaitility.await("step " + step).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1)).until(() -> node.run() != null
            && AskPattern.<Run.Query, Run.Status>ask(node.run(), Run.GetStatus::new, Duration.ofSeconds(10),
            node.system().scheduler()).toCompletableFuture().get().step() >= step);
  }

  @Test
  void theKillSwitchFlattensEveryVenueAccountAndEndsTheRun() throws Exception {
    try (FundarbNode node = start("portfolio-kill")) {
      awaitStep(node, 5); // split holds every carry from its first steps
      Run.SteerReply reply = steer(node, new Steering.Kill("operator"));
      assertTrue(reply instanceof Run.SteerReply.Accepted, reply.detail());
      Run.Finished finished = node.finished().toCompletableFuture().get(3, TimeUnit.MINUTES);
      assertEquals("killed and flat", finished.reason());
      assertTrue(finished.portfolio().metrics().fills() >= 8, "opened four carries, then flattened them");
      for (BacktestResult venue : finished.portfolio().venues()) {
        assertFalse(venue.portfolio().inMarket(), venue.venue() + " flat");
      }
      assertTrue(finished.portfolio().metrics().steps() < 1_000, "stopped early");
      for (String venue : List.of("BYBIT", "OKX")) {
        var view = AskPattern.<AccountActor.Command, AccountActor.View>ask(node.accounts().get(venue),
            AccountActor.GetView::new, Duration.ofSeconds(10), node.system().scheduler())
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("operator", view.killed(), venue + "'s account took the kill");
      }
    }
  }

  @Test
  void whatAPortfolioDoesNotTakeIsRefusedAndNothingHappens() throws Exception {
    try (FundarbNode node = start("portfolio-refused")) {
      assertTrue(steer(node, new Steering.SetLimit("max-position", 0.5)) instanceof Run.SteerReply.Refused);
      assertTrue(steer(node, new Steering.UseModel("long_term", "v1")) instanceof Run.SteerReply.Refused);
      Run.SteerReply unknown = steer(node, new Steering.PauseAsset("BINANCE:BTCUSDT", "not in this portfolio"));
      assertTrue(unknown instanceof Run.SteerReply.UnknownAsset, unknown.detail());
      assertTrue(steer(node, new Steering.FlattenAsset("OKX:ETHUSDT", "operator")) instanceof Run.SteerReply.Accepted);
      Run.Finished finished = node.finished().toCompletableFuture().get(3, TimeUnit.MINUTES);
      assertEquals("end of data", finished.reason());
      var okx = finished.portfolio().venues().get(1).portfolio().ledger();
      assertEquals(0, okx.quantity(2), "OKX ETH spot flattened and held flat");
      assertEquals(0, okx.quantity(3), "OKX ETH perp flattened and held flat");
      assertTrue(okx.quantity(0) != 0, "OKX BTC still carried");
    }
  }
}
