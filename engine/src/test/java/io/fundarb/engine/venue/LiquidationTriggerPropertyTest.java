package io.fundarb.engine.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.testing.RecordingListener;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.ManualClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The venue's cheap proximity screen never hides a liquidation: a bar that reaches the exact
 * trigger liquidates, one that stops a single unit short does not, for longs and shorts at any
 * leverage and margin.
 */
class LiquidationTriggerPropertyTest {
  @Property(tries = 600, seed = "23")
  void liquidatesExactlyAtTheTrigger(
      @ForAll @LongRange(min = 20, max = 2000) long lots, // at least the 100 USDT minimum
      @ForAll boolean isShort,
      @ForAll @IntRange(min = 2, max = 50) int leverage,
      @ForAll @LongRange(min = 100_000, max = 9_000_000) long entryTicks,
      @ForAll @IntRange(min = -1, max = 0) int offset) {
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
    MarketState market = new MarketState(2);
    ManualClock clock = new ManualClock(0);
    RecordingListener reports = new RecordingListener();
    Ledger ledger = new Ledger(universe, Fixed.ofUnits(1_000_000_000), leverage);
    SimulatedVenue venue = new SimulatedVenue(universe, market, ledger, new SimVenueConfig(0, Rate.ONE,
        SlippageModel.none(), FeeSchedule.ofBps("0", "0"), FeeSchedule.ofBps("0", "0"), false, 0, 0), clock, reports);
    long entry = entryTicks * Fixed.parse("0.1");
    market.onBar(1, 0, entry, entry, entry, entry, Fixed.ofUnits(1_000_000));
    market.onBar(0, 0, entry, entry, entry, entry, Fixed.ofUnits(1_000_000));
    venue.submit(OrderRequest.market(1, new AssetId("BINANCE", "BTCUSDT").perp(), isShort ? Side.SELL : Side.BUY,
        new Quantity(lots * Fixed.parse("0.001")), false));
    clock.set(1);
    venue.processArrivals(2);
    assertEquals(1, reports.fills.size(), "position opened: " + reports.rejections);
    long trigger = ledger.liquidationPrice(1);
    // A bar whose extreme is the trigger itself (offset 0) or one unit short of it (offset -1).
    long extreme = isShort ? trigger + offset : trigger - offset;
    clock.set(2);
    market.onBar(1, 2, entry, isShort ? extreme : entry, isShort ? entry : extreme, entry, Fixed.ofUnits(1_000_000));
    venue.onBar(1, 2);
    assertEquals(offset == 0 ? 1 : 0, reports.liquidations.size(), "trigger " + trigger + ", extreme " + extreme);
  }
}
