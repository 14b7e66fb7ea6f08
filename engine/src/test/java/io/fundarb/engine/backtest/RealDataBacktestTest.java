package io.fundarb.engine.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The baselines on the real 2023-24 data of each venue: sane, reconciled, never liquidated. */
class RealDataBacktestTest {
  @ParameterizedTest
  @ValueSource(strings = {"BINANCE", "BYBIT", "OKX"})
  void baselinesBehaveAndTheEngineBooksReconcileWithTheVenue(String venue) {
    MarketData data = RealData.load(venue);
    Universe universe = TestInstruments.universe(venue, "BTCUSDT", "ETHUSDT");

    BacktestResult flat = new Backtester(data, universe, RealData.config("flat")).run();
    assertEquals(Fixed.ofUnits(100_000), flat.metrics().finalEquity());
    assertEquals(0, flat.metrics().fills());

    Backtester carryRun = new Backtester(data, universe, RealData.config("carry"));
    BacktestResult carry = carryRun.run();
    PerformanceMetrics c = carry.metrics();
    assertTrue(c.fundingEarned() > c.feesPaid() + c.slippagePaid(), "carry's funding pays for its costs: " + c);
    assertTrue(c.finalEquity() > Fixed.ofUnits(100_000), "carry made money in 2023-24 on " + venue);
    assertTrue(c.maxDrawdown() < 0.02, "delta-neutral: drawdown stays small, was " + c.maxDrawdown());
    assertEquals(0, c.liquidations());
    assertEquals(0, c.rejections(), "rebalancing is self-financing: " + carry.journal().rejections());
    assertTrue(c.timeInMarket() > 0.9);
    assertBooksEqual(carryRun.venueLedger(), carry.portfolio().ledger());

    Backtester thresholdRun = new Backtester(data, universe, RealData.config("threshold"));
    BacktestResult threshold = thresholdRun.run();
    assertTrue(threshold.metrics().timeInMarket() < c.timeInMarket(), "the threshold rule waits for funding");
    assertTrue(threshold.metrics().fills() > 0);
    assertBooksEqual(thresholdRun.venueLedger(), threshold.portfolio().ledger());
  }

  /** The engine's mirror, built only from reports, equals the venue's books to the unit. */
  static void assertBooksEqual(Ledger venue, Ledger engine) {
    assertEquals(venue.cash(), engine.cash(), "cash");
    for (int i = 0; i < venue.universe().instrumentCount(); i++) {
      assertEquals(venue.quantity(i), engine.quantity(i), "quantity " + i);
      assertEquals(venue.cost(i), engine.cost(i), "cost " + i);
      assertEquals(venue.margin(i), engine.margin(i), "margin " + i);
      assertEquals(venue.realised(i), engine.realised(i), "realised " + i);
      assertEquals(venue.fees(i), engine.fees(i), "fees " + i);
      assertEquals(venue.funding(i), engine.funding(i), "funding " + i);
    }
  }
}
