package io.fundarb.engine.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-asset path an actor node takes — each asset with its own feed ({@link AssetFeed}), view,
 * strategy and books ({@link AssetBooks}), fed only its own market steps and venue reports — gives
 * the backtester's fills and metrics to the unit on the real data. The actors add messaging, not
 * arithmetic: this is the property {@code ReplayMatchesBacktestTest} checks through them.
 */
class AssetPathMatchesBacktestTest {
  @Test
  void eachAssetOnItsOwnBooksTradesExactlyAsTheAccountDoes() {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    BacktestResult expected = new Backtester(data, universe, config).run();

    int n = universe.assetCount();
    List<List<VenueReport>> reports = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      reports.add(new ArrayList<>());
    }
    SimulatedExchange exchange = new SimulatedExchange(MarketTape.build(data, universe), data.venue(), universe,
        config, new VenueReport.Collector(r -> reports.get(universe.indexOf(r.instrument()) / 2).add(r)));
    exchange.cutAssetSteps();
    long maxNotional = config.sizing().maxNotional(n);
    AssetFeed[] feeds = new AssetFeed[n];
    AssetBooks[] books = new AssetBooks[n];
    TrackedAssetView[] views = new TrackedAssetView[n];
    Strategy[] strategies = new Strategy[n];
    for (int a = 0; a < n; a++) {
      feeds[a] = new AssetFeed(universe.single(a), config.sizing().leverage(), maxNotional, config.roundTripCost(),
          null, false);
      books[a] = new AssetBooks(universe, a, config.planner(), config.sizing().leverage(), maxNotional,
          config.venue().spotBorrow());
      views[a] = new TrackedAssetView(universe.pair(a).asset());
      strategies[a] = Strategies.find("threshold").create(config.strategySettings());
    }
    while (exchange.hasNext()) {
      long t = exchange.advance();
      long cash = exchange.portfolio().ledger().cash();
      for (int a = 0; a < n; a++) {
        reports.get(a).forEach(books[a]::apply);
        reports.get(a).clear();
        feeds[a].position(books[a].ledgerSnapshot());
        AssetTick tick = feeds[a].apply(exchange.step(), exchange.assetStep(a));
        views[a].update(tick);
        books[a].onMarket(exchange.assetStep(a));
        books[a].setTarget(strategies[a].target(views[a]));
        books[a].trade(cash).forEach(request -> request.sendTo(exchange.venue()));
      }
      exchange.record(t);
    }
    BacktestResult actual = exchange.result();
    assertTrue(expected.metrics().fills() > 50, "the threshold strategy trades: " + expected.metrics().fills());
    assertEquals(expected.journal().fills(), actual.journal().fills());
    assertEquals(expected.metrics(), actual.metrics());
    var account = exchange.portfolio().ledger();
    for (int a = 0; a < n; a++) {
      var own = books[a].portfolio().ledger();
      for (int leg = 0; leg < 2; leg++) {
        int i = 2 * a + leg;
        String what = "asset " + a + " leg " + leg + ": its own books hold what the account's hold";
        assertEquals(account.quantity(i), own.quantity(leg), what);
        assertEquals(account.cost(i), own.cost(leg), what);
        assertEquals(account.margin(i), own.margin(leg), what);
        assertEquals(account.funding(i), own.funding(leg), what);
        assertEquals(account.fees(i), own.fees(leg), what);
        assertEquals(account.realised(i), own.realised(leg), what);
      }
    }
  }
}
