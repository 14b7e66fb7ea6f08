package io.fundarb.engine.trading;

import static io.fundarb.engine.testing.TestMarket.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.RecordingListener;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.testing.TestMarket;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.venue.FeeSchedule;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.engine.venue.SlippageModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An entry too large for the market works across bars (10 % participation of 1 BTC bars);
 * cancelling the asset's working orders (what SAFE mode and the kill switch do) stops it where it
 * stands, and nothing is re-sent while the target is held at the current hedge.
 */
class CancelWorkingOrdersTest {
  @Test
  void cancellingStopsAWorkingEntryWhereItStands() {
    String[] closes = new String[12];
    Arrays.fill(closes, "42000");
    var data = new TestMarket("BINANCE", Times.HOUR_MS)
        .asset("BTCUSDT", at("2024-01-01T00:00:00Z"), closes, closes, new long[0], new String[0], "1")
        .build();
    var venue = new SimVenueConfig(100, Rate.parse("0.1"), new SlippageModel(0, 0, 1),
        FeeSchedule.ofBps("10", "10"), FeeSchedule.ofBps("2", "5"), false, 0, 0);
    var config = new BacktestConfig("manual", StrategySettings.empty(),
        new Sizing(Fixed.ofUnits(100_000), Rate.parse("0.1"), 1), venue, PlannerSettings.defaults(), true);
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
    RecordingListener reports = new RecordingListener();
    SimulatedExchange account = new SimulatedExchange(MarketTape.build(data, universe), "BINANCE", universe, config,
        reports);
    CarryTrader trader = new CarryTrader(universe, account.market(), account.portfolio(), account.venue(),
        new HedgePlanner(universe, config.planner()), config.sizing().maxNotional(1), new Strategy[1],
        config.roundTripCost(), false, account.clock());

    account.advance();
    trader.setTarget(0, 1.0); // ~1.07 BTC per leg; the market gives 0.1 BTC a bar
    account.advance();
    account.advance();
    long spot = Universe.spotIndex(0);
    long bought = account.portfolio().ledger().quantity((int) spot);
    assertTrue(bought > 0 && bought < Fixed.ofUnits(1), "partly filled, still working: " + Fixed.toString(bought));

    assertEquals(2, trader.cancelWorking(0), "one working order per leg");
    assertEquals(0, trader.cancelWorking(0), "not asked twice");
    account.advance();
    assertEquals(2, reports.cancellations.size());
    long stoodAt = account.portfolio().ledger().quantity((int) spot);
    trader.setTarget(0, trader.view(0).hedgeRatio()); // what SAFE mode asks for: hold what is there
    while (account.hasNext()) {
      account.advance();
      trader.setTarget(0, Double.NaN); // hold: re-plan the current target
    }
    assertEquals(stoodAt, account.portfolio().ledger().quantity((int) spot), "no exposure added after the cancel");
    assertTrue(stoodAt < Fixed.ofUnits(1) / 2);
    assertEquals(0, account.portfolio().openOrders().size());
  }
}
