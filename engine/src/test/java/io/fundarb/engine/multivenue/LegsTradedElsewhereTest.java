package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.AssetBooks;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A portfolio whose legs each venue asset's own books plan and send (as a node's order actors do:
 * {@link AssetBooks}, fed the asset's market steps and the venue's reports for it) trades exactly as
 * the backtest whose venue traders plan them: the same fills, funding, fees and equity to the unit.
 */
class LegsTradedElsewhereTest {
  private static final List<MarketData> DATA = List.of("BYBIT", "OKX").stream().map(RealData::load).toList();

  @Test
  void rotationTradedByEachAssetsBooksIsTheBacktestToTheUnit() {
    assertSame(() -> new RotationAllocation(2, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS));
  }

  @Test
  void splitTradedByEachAssetsBooksIsTheBacktestToTheUnit() {
    assertSame(() -> new SplitAllocation(21));
  }

  private static void assertSame(Supplier<AllocationPolicy> policy) {
    List<VenueMarket> markets = PortfolioNoLookAheadTest.markets(DATA);
    Opportunities.Offered offered = Opportunities.of(markets, true);
    PortfolioResult backtest = PortfolioNoLookAheadTest.backtester(markets, offered, policy.get()).run();
    PortfolioResult elsewhere = runElsewhere(markets, offered, policy.get());

    assertTrue(backtest.metrics().fills() > 50, "the portfolio traded");
    assertEquals(backtest.metrics().finalEquity(), elsewhere.metrics().finalEquity(), "final equity");
    assertEquals(backtest.metrics().fills(), elsewhere.metrics().fills(), "fills");
    assertEquals(backtest.transfers(), elsewhere.transfers(), "transfers");
    for (int v = 0; v < markets.size(); v++) {
      BacktestResult a = backtest.venues().get(v);
      BacktestResult b = elsewhere.venues().get(v);
      assertEquals(a.portfolio().ledger().cash(), b.portfolio().ledger().cash(), a.venue() + " cash");
      assertEquals(a.portfolio().ledger().totalFunding(), b.portfolio().ledger().totalFunding(), a.venue() + " funding");
      assertEquals(a.portfolio().ledger().totalFees(), b.portfolio().ledger().totalFees(), a.venue() + " fees");
      for (int i = 0; i < 4; i++) {
        assertEquals(a.portfolio().ledger().quantity(i), b.portfolio().ledger().quantity(i), a.venue() + " leg " + i);
      }
    }
  }

  private static PortfolioResult runElsewhere(List<VenueMarket> markets, Opportunities.Offered offered,
      AllocationPolicy policy) {
    List<List<List<VenueReport>>> inbox = new ArrayList<>();
    List<VenueReport.Collector> collectors = new ArrayList<>();
    for (VenueMarket market : markets) {
      List<List<VenueReport>> perAsset = new ArrayList<>();
      for (int a = 0; a < market.universe().assetCount(); a++) {
        perAsset.add(new ArrayList<>());
      }
      inbox.add(perAsset);
      Universe universe = market.universe();
      collectors.add(new VenueReport.Collector(r -> perAsset.get(Universe.assetOf(universe.indexOf(r.instrument()))).add(r)));
    }
    var settings = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new io.fundarb.engine.multivenue.TransferTerms(io.fundarb.engine.money.Fixed.ofUnits(1), 0, Times.HOUR_MS),
        io.fundarb.engine.money.Fixed.ofUnits(1_000), true, 0.02);
    var config = RealData.config("portfolio");
    MultiVenueBacktester portfolio = new MultiVenueBacktester(markets, offered, config, settings, policy, collectors);
    AssetBooks[][] books = new AssetBooks[markets.size()][];
    for (int v = 0; v < markets.size(); v++) {
      Universe universe = markets.get(v).universe();
      books[v] = new AssetBooks[universe.assetCount()];
      for (int a = 0; a < books[v].length; a++) {
        books[v][a] = new AssetBooks(universe, a, config.planner(), config.sizing().leverage(),
            portfolio.opportunityNotional(), markets.get(v).venue().spotBorrow());
      }
    }
    while (portfolio.nextDecision()) {
      for (int v = 0; v < markets.size(); v++) {
        SimulatedExchange exchange = portfolio.exchange(v);
        for (int a = 0; a < books[v].length; a++) {
          inbox.get(v).get(a).forEach(books[v][a]::apply);
          inbox.get(v).get(a).clear();
          if (portfolio.advanced(v)) {
            books[v][a].onMarket(exchange.assetStep(a));
          }
        }
      }
      PlannedLegs legs = portfolio.plan();
      for (int k = 0; k < legs.size(); k++) {
        int v = legs.venue(k);
        AssetBooks asset = books[v][legs.asset(k)];
        List<VenueRequest> requests = asset.planLegs(legs.spot(k), legs.perp(k), legs.toTarget(k),
            portfolio.exchange(v).portfolio().ledger().cash());
        asset.sent(Double.NaN, requests);
        portfolio.submit(v, legs.asset(k), requests);
      }
      portfolio.settleDecision();
    }
    return portfolio.result();
  }
}
