package io.fundarb.engine.venue;

import static io.fundarb.engine.money.Fixed.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.RejectReason;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.order.TimeInForce;
import io.fundarb.engine.testing.RecordingListener;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedVenueTest {
  private static final int SPOT = 0;
  private static final int PERP = 1;
  private static final InstrumentId SPOT_ID = new AssetId("BINANCE", "BTCUSDT").spot();
  private static final InstrumentId PERP_ID = new AssetId("BINANCE", "BTCUSDT").perp();

  private final Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
  private final MarketState market = new MarketState(2);
  private final ManualClock clock = new ManualClock(1_000);
  private final RecordingListener reports = new RecordingListener();
  private Ledger ledger = new Ledger(universe, Fixed.ofUnits(100_000), 2);
  private SimulatedVenue venue = venue(config(false));
  private long nextId = 1;

  private SimVenueConfig config(boolean borrow) {
    return new SimVenueConfig(100, Rate.parse("0.1"), new SlippageModel(0, 0, 1),
        FeeSchedule.ofBps("2", "10"), FeeSchedule.ofBps("2", "5"), borrow, Rate.parse("0.10"), Rate.ONE);
  }

  private SimulatedVenue venue(SimVenueConfig config) {
    return new SimulatedVenue(universe, market, ledger, config, clock, reports);
  }

  /** A bar for {@code i} closing now: open, high, low, close and volume as text. */
  private void bar(int i, String o, String h, String l, String c, String v) {
    market.onBar(i, clock.now(), parse(o), parse(h), parse(l), parse(c), parse(v));
    venue.onBar(i, clock.now());
  }

  private void prices(String spot, String perp) {
    bar(SPOT, spot, spot, spot, spot, "100");
    bar(PERP, perp, perp, perp, perp, "100");
  }

  private OrderRequest market(InstrumentId id, Side side, String qty, boolean reduceOnly) {
    return OrderRequest.market(nextId++, id, side, Quantity.of(qty), reduceOnly);
  }

  /** Moves the clock past the latency and lets the venue handle what arrived. */
  private void deliver() {
    clock.advance(1_000);
    venue.processArrivals(clock.now());
  }

  private RejectReason rejectionOf(OrderRequest order) {
    int fillsBefore = reports.fills.size();
    venue.submit(order);
    deliver();
    assertEquals(1, reports.rejections.size(), "expected one rejection, fills: " + reports.fills);
    assertEquals(fillsBefore, reports.fills.size(), "a rejected order must not fill");
    return reports.rejections.remove(0).reason();
  }

  @Test
  void rejectsOrdersThatBreakInstrumentOrAccountRules() {
    prices("40000", "40010");
    assertEquals(RejectReason.OFF_LOT_QUANTITY, rejectionOf(market(PERP_ID, Side.SELL, "0.0005", false)));
    assertEquals(RejectReason.OFF_TICK_PRICE, rejectionOf(OrderRequest.limit(nextId++, PERP_ID, Side.SELL,
        Quantity.of("0.01"), Price.of("40000.05"), TimeInForce.GTC, false)));
    assertEquals(RejectReason.BELOW_MIN_NOTIONAL, rejectionOf(market(PERP_ID, Side.SELL, "0.001", false)));
    assertEquals(RejectReason.INSUFFICIENT_BALANCE, rejectionOf(market(SPOT_ID, Side.BUY, "3", false)));
    assertEquals(RejectReason.INSUFFICIENT_MARGIN, rejectionOf(market(PERP_ID, Side.SELL, "5.1", false)));
    assertEquals(RejectReason.REDUCE_ONLY_WOULD_INCREASE, rejectionOf(market(PERP_ID, Side.BUY, "0.01", true)));
    assertEquals(RejectReason.BORROW_NOT_ALLOWED, rejectionOf(market(SPOT_ID, Side.SELL, "0.01", false)));
    assertEquals(RejectReason.UNKNOWN_INSTRUMENT,
        rejectionOf(market(new AssetId("BINANCE", "SOLUSDT").perp(), Side.SELL, "1", false)));
    OrderRequest once = market(PERP_ID, Side.SELL, "0.01", false);
    venue.submit(once);
    deliver();
    assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, rejectionOf(once));
    // Only the accepted 0.01 BTC short touched the books: 200.05 initial margin (400.1 at 2x)
    // and a 0.20005 taker fee.
    assertEquals(parse("100000") - parse("200.05") - parse("0.20005"), ledger.cash(), "rejections never touch the books");
  }

  @Test
  void ordersWithoutAnyMarketDataAreRejected() {
    assertEquals(RejectReason.NO_MARKET_PRICE, rejectionOf(market(PERP_ID, Side.SELL, "0.01", false)));
  }

  @Test
  void ordersArriveAfterTheLatencyAndSeeThePriceOfThatMoment() {
    prices("40000", "40010");
    venue.submit(market(PERP_ID, Side.SELL, "0.01", false));
    venue.processArrivals(clock.now() + 100); // arrival is now + 100, not strictly before
    assertTrue(reports.accepted.isEmpty());
    venue.processArrivals(clock.now() + 101);
    assertEquals(1, reports.fills.size());
    assertEquals(clock.now() + 100, reports.fills.get(0).time());
    assertEquals(parse("40010"), reports.fills.get(0).price().raw());
  }

  @Test
  void fillsAreCappedByTheBarsVolumeAndTheRestWorksOnLaterBars() {
    bar(PERP, "40000", "40000", "40000", "40000", "10"); // 10 % of 10 BTC = 1 BTC per bar
    bar(SPOT, "40000", "40000", "40000", "40000", "10");
    venue.submit(market(PERP_ID, Side.SELL, "2.5", false));
    deliver();
    assertEquals(List.of(parse("1")), reports.fills.stream().map(f -> f.quantity().raw()).toList());
    assertEquals(parse("1.5"), reports.fills.get(0).remaining().raw());
    clock.advance(8 * io.fundarb.engine.time.Times.HOUR_MS);
    bar(PERP, "40000", "40100", "39900", "40050", "10");
    clock.advance(8 * io.fundarb.engine.time.Times.HOUR_MS);
    bar(PERP, "40050", "40100", "39900", "40020", "10");
    assertEquals(List.of(parse("1"), parse("1"), parse("0.5")), reports.fills.stream().map(f -> f.quantity().raw()).toList());
    assertEquals(parse("40050"), reports.fills.get(1).price().raw(), "a working remainder fills at the bar's close");
    assertTrue(reports.fills.get(2).completesOrder());
    assertEquals(parse("-2.5"), ledger.quantity(PERP));
  }

  @Test
  void immediateOrCancelDropsWhatCannotFillOnArrival() {
    bar(PERP, "40000", "40000", "40000", "40000", "10");
    venue.submit(OrderRequest.limit(nextId++, PERP_ID, Side.SELL, Quantity.of("2"), Price.of("39000"), TimeInForce.IOC, false));
    deliver();
    assertEquals(parse("1"), reports.fills.get(0).quantity().raw());
    assertEquals(parse("1"), reports.cancellations.get(0).unfilled().raw());
    assertEquals("IOC remainder", reports.cancellations.get(0).reason());
  }

  @Test
  void restingLimitOrdersFillAtTheirPriceAsMakerWhenABarTradesThrough() {
    prices("40000", "40000");
    venue.submit(OrderRequest.limit(nextId++, PERP_ID, Side.SELL, Quantity.of("0.5"), Price.of("40500"), TimeInForce.GTC, false));
    deliver();
    assertTrue(reports.fills.isEmpty(), "not marketable on arrival");
    bar(PERP, "40000", "40400", "39900", "40300", "100");
    assertTrue(reports.fills.isEmpty(), "bar did not reach the limit");
    bar(PERP, "40300", "40600", "40200", "40550", "100");
    assertEquals(parse("40500"), reports.fills.get(0).price().raw());
    assertEquals(Liquidity.MAKER, reports.fills.get(0).liquidity());
    assertEquals(Rate.apply(parse("20250"), Rate.ofBps(2), java.math.RoundingMode.CEILING), reports.fills.get(0).fee());
  }

  @Test
  void cancelRemovesAWorkingOrderAndUnknownIdsAreRejected() {
    prices("40000", "40000");
    OrderRequest order = OrderRequest.limit(nextId++, PERP_ID, Side.SELL, Quantity.of("0.5"), Price.of("41000"), TimeInForce.GTC, false);
    venue.submit(order);
    deliver();
    venue.cancel(PERP_ID, order.clientOrderId());
    venue.cancel(PERP_ID, 999);
    deliver();
    assertEquals(parse("0.5"), reports.cancellations.get(0).unfilled().raw());
    assertEquals(RejectReason.UNKNOWN_ORDER, reports.rejections.get(0).reason());
    bar(PERP, "40000", "42000", "39900", "41500", "100");
    assertTrue(reports.fills.isEmpty());
  }

  @Test
  void fundingIsPaidByLongsAndReceivedByShortsWhenPositive() {
    prices("40000", "40000");
    venue.submit(market(PERP_ID, Side.SELL, "0.5", false));
    deliver();
    venue.onFunding(PERP, clock.now(), Rate.parse("0.0001"));
    assertEquals(parse("2"), reports.funding.get(0).payment(), "0.5 * 40000 * 0.0001 received by the short");
    venue.submit(market(PERP_ID, Side.BUY, "1", false)); // flip to 0.5 long
    deliver();
    venue.onFunding(PERP, clock.now(), Rate.parse("0.0001"));
    assertEquals(parse("-2"), reports.funding.get(1).payment(), "the long pays");
    venue.onFunding(PERP, clock.now(), Rate.parse("-0.0002"));
    assertEquals(parse("4"), reports.funding.get(2).payment(), "negative funding pays the long");
  }

  @Test
  void aBarThroughTheLiquidationPriceClosesTheShortThere() {
    ledger = new Ledger(universe, Fixed.ofUnits(100_000), 10);
    venue = venue(config(false));
    prices("40000", "40000");
    venue.submit(market(PERP_ID, Side.SELL, "1", false));
    deliver();
    long liquidation = ledger.liquidationPrice(PERP);
    // 10x short from 40,000: margin 4,000; liquidation where 4,000 - (P - 40,000) = 0.4 % * P.
    assertEquals(parse("43824.70119521"), liquidation, "44,000 / 1.004, rounded toward the mark");
    bar(PERP, "40000", "43800", "39900", "43700", "100");
    assertTrue(reports.liquidations.isEmpty());
    bar(PERP, "43700", "44500", "43600", "44400", "100");
    var l = reports.liquidations.get(0);
    assertEquals(liquidation, l.price());
    assertEquals(0, ledger.quantity(PERP));
    assertEquals(0, l.insuranceCover(), "closed at the liquidation price, margin covers the loss");
  }

  @Test
  void aGapThroughTheBankruptcyPriceIsCoveredNotChargedBeyondTheMargin() {
    ledger = new Ledger(universe, Fixed.ofUnits(100_000), 10);
    venue = venue(config(false));
    prices("40000", "40000");
    venue.submit(market(PERP_ID, Side.SELL, "1", false));
    deliver();
    long cashBefore = ledger.cash();
    bar(PERP, "48000", "48500", "47900", "48200", "100"); // opens 20 % higher
    var l = reports.liquidations.get(0);
    assertEquals(parse("48000"), l.price(), "liquidated at the open of the gapping bar");
    assertEquals(parse("4000"), l.insuranceCover(), "the 8,000 loss on 4,000 margin: 4,000 covered");
    assertEquals(0, l.returnedToCash());
    assertEquals(cashBefore, ledger.cash(), "nothing beyond the isolated margin is lost");
  }

  @Test
  void freshTopOfBookFillsAtTheQuoteUpToItsSize() {
    prices("40000", "40000");
    market.onQuote(PERP, clock.now(), parse("39990"), parse("0.3"), parse("40010"), parse("0.2"));
    venue.submit(market(PERP_ID, Side.BUY, "0.5", false));
    deliver();
    assertEquals(parse("40010"), reports.fills.get(0).price().raw());
    assertEquals(parse("0.2"), reports.fills.get(0).quantity().raw());
    assertEquals(Fixed.mul(parse("10"), parse("0.2"), java.math.RoundingMode.HALF_EVEN), reports.fills.get(0).slippage(),
        "half the spread per unit against the mid");
  }

  @Test
  void marginCanBeAddedAndRemovedOnlyWithinWhatTheAccountAllows() {
    prices("40000", "40000");
    venue.submit(market(PERP_ID, Side.SELL, "1", false)); // 2x: 20,000 initial margin
    deliver();
    venue.transferMargin(nextId++, PERP_ID, parse("1000"));
    venue.transferMargin(nextId++, PERP_ID, parse("-1500"));
    venue.transferMargin(nextId++, PERP_ID, parse("1000000"));
    deliver();
    assertEquals(parse("20000") + parse("1000"), ledger.margin(PERP));
    assertEquals(1, reports.transfers.size());
    assertEquals(List.of(RejectReason.INSUFFICIENT_MARGIN, RejectReason.INSUFFICIENT_BALANCE),
        reports.rejections.stream().map(r -> r.reason()).toList());
  }

  @Test
  void borrowedSpotAccruesInterestUntilBoughtBack() {
    venue = venue(config(true));
    prices("40000", "40000");
    venue.submit(market(SPOT_ID, Side.SELL, "1", false));
    deliver();
    assertEquals(parse("-1"), ledger.quantity(SPOT));
    clock.advance(io.fundarb.engine.time.Times.DAY_MS - 1_000);
    bar(SPOT, "40000", "40000", "40000", "40000", "100");
    // Borrowed at 1,100 ms (arrival), charged at the bar one day later at 86,401,000 ms:
    // 40,000 borrowed * 10 % a year * (one day - 100 ms) / 365 days.
    long expected = io.fundarb.engine.money.MulDiv.mulDiv(parse("4000"), io.fundarb.engine.time.Times.DAY_MS - 100,
        io.fundarb.engine.time.Times.YEAR_MS, java.math.RoundingMode.CEILING);
    assertEquals(expected, reports.interest);
    assertEquals(expected, ledger.totalBorrowInterest());
  }
}
