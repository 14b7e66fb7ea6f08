package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.multivenue.AllocationLimits;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.RotationAllocation;
import io.fundarb.engine.multivenue.TransferTerms;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;

/**
 * The actor node trading a portfolio of two simulated venue accounts (one account actor per venue,
 * one asset hierarchy per venue asset, each order actor planning and sending its own legs) produces
 * the portfolio backtest's fills, funding, fees and equity exactly, cross-venue positions and cash
 * transfers included.
 */
class PortfolioReplayMatchesBacktestTest {
  private static final List<MarketData> DATA = List.of(RealData.load("BYBIT"), RealData.load("OKX"));
  private static final PortfolioSettings SETTINGS = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
      new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);

  private static List<VenueMarket> markets() {
    return DATA.stream()
        .map(d -> new VenueMarket(d, TestInstruments.universe(d.venue(), "BTCUSDT", "ETHUSDT"), RealData.VENUE))
        .toList();
  }

  private static RotationAllocation rotation() {
    return new RotationAllocation(2, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS);
  }

  private static List<String> withoutIds(BacktestResult result) {
    return result.journal().fills().stream().map(f -> f.instrument() + " " + f.time() + " " + f.side() + " "
        + f.price() + " " + f.quantity() + " " + f.fee() + " " + f.slippage()).toList();
  }

  @Test
  void aNodeTradingTwoVenueAccountsReproducesThePortfolioBacktestToTheUnit() throws Exception {
    BacktestConfig config = RealData.config("portfolio");
    Opportunities.Offered offered = Opportunities.of(markets(), true);
    PortfolioResult expected = new MultiVenueBacktester(markets(), offered, config, SETTINGS, rotation()).run();

    try (FundarbNode node = FundarbNode.portfolio(markets(), offered, config, SETTINGS, rotation(),
        NodeFixtures.assets("carry"), NodeFixtures.virtualTime(), JournalSettings.h2Memory("portfolio"),
        ConfigFactory.empty())) {
      Run.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
      PortfolioResult actual = finished.portfolio();
      assertEquals("end of data", finished.reason());
      assertNull(finished.result(), "a portfolio run has no single venue's result");
      assertEquals(0, finished.missedDecisions());
      assertTrue(expected.metrics().fills() > 50, "the rotation traded: " + expected.metrics().fills());
      assertTrue(expected.transfers() > 0, "and moved cash between the venues");
      boolean heldAcross = false;
      for (int o = 0; o < offered.opportunities().size(); o++) {
        var op = offered.opportunities().get(o);
        heldAcross |= op.longLeg().venue() != op.shortLeg().venue() && expected.allocation().meanWeight(o) > 0;
      }
      assertTrue(heldAcross, "it held a position across the two venues");
      assertEquals(expected.metrics(), actual.metrics());
      assertEquals(expected.transfers(), actual.transfers());
      for (int v = 0; v < DATA.size(); v++) {
        BacktestResult want = expected.venues().get(v);
        BacktestResult got = actual.venues().get(v);
        // client ids number each venue asset by its index in the node's account (all venues' assets)
        assertEquals(withoutIds(want), withoutIds(got), want.venue() + " fills");
        assertEquals(want.portfolio().ledger().totalFunding(), got.portfolio().ledger().totalFunding(),
            want.venue() + " funding");
      }
      // one account actor per venue, each marked with its own venue account's equity
      assertEquals(List.of("BYBIT", "OKX"), List.copyOf(node.accounts().keySet()));
      for (int v = 0; v < DATA.size(); v++) {
        var view = AskPattern.<AccountActor.Command, AccountActor.View>ask(
            node.accounts().get(DATA.get(v).venue()), AccountActor.GetView::new, Duration.ofSeconds(10),
            node.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        BacktestResult venue = actual.venues().get(v);
        assertEquals(venue.equity().equity(venue.equity().size() - 1), view.equity(), venue.venue() + " marked");
      }
    }
  }
}
