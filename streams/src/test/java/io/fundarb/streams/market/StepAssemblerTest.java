package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepAssemblerTest {
  private static final long HOUR = 3_600_000L;
  private static final long T0 = 1_700_006_400_000L; // 2023-11-15 00:00 UTC, on an 8-hour boundary
  private final StepAssembler assembler = new StepAssembler("BTCUSDT", 8 * HOUR);
  private long tradeId;

  @Test
  void aStepClosesWhenEveryLegReportedItsLastMillisecondWithTheTradesAsItsBar() {
    long close = T0 + 8 * HOUR - 1;
    assertEquals(List.of(), assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1")));
    assertEquals(List.of(), assembler.accept(trade(Leg.SPOT, T0 + 2 * HOUR, "103", "2")));
    assertEquals(List.of(), assembler.accept(trade(Leg.SPOT, close, "101", "0.5")));
    assertEquals(List.of(), assembler.accept(trade(Leg.PERP, T0 + HOUR, "100.5", "4")), "the perp leg is behind");
    List<MarketStep> closed = assembler.accept(trade(Leg.PERP, close, "99", "1"));

    assertEquals(1, closed.size());
    MarketStep step = closed.get(0);
    assertEquals(T0 + 8 * HOUR, step.time(), "stamped with the step's end");
    assertTrue(step.events().contains(new MarketEvent.Bar(Leg.SPOT, Fixed.parse("100"),
        Fixed.parse("103"), Fixed.parse("100"), Fixed.parse("101"), Fixed.parse("3.5"), Double.NaN, -1)), step.events().toString());
    assertTrue(step.events().contains(new MarketEvent.Bar(Leg.PERP, Fixed.parse("100.5"),
        Fixed.parse("100.5"), Fixed.parse("99"), Fixed.parse("99"), Fixed.parse("5"), Double.NaN, -1)), step.events().toString());
  }

  @Test
  void anUpdatePastTheStepClosesItEvenWhenALegIsSilentWhichKeepsNoBar() {
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1"));
    List<MarketStep> closed = assembler.accept(trade(Leg.SPOT, T0 + 9 * HOUR, "102", "1"));

    assertEquals(1, closed.size());
    assertEquals(List.of(new MarketEvent.Bar(Leg.SPOT, Fixed.parse("100"), Fixed.parse("100"),
        Fixed.parse("100"), Fixed.parse("100"), Fixed.parse("1"), Double.NaN, -1)), closed.get(0).events(),
        "the silent perp leg has no bar: its older one stays, and the risk rules see it stale");
    List<MarketStep> next = assembler.accept(trade(Leg.SPOT, T0 + 17 * HOUR, "104", "1"));
    assertEquals(T0 + 16 * HOUR, next.get(0).time(), "the update past the step belongs to the next one");
  }

  @Test
  void theOpenStepIsFlushedWhenTheFeedEndsAndOnlyOnce() {
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1"));
    assembler.accept(trade(Leg.PERP, T0 + 2 * HOUR, "101", "1")); // the legs' last frames were lost

    List<MarketStep> flushed = assembler.flush();
    assertEquals(1, flushed.size());
    assertEquals(T0 + 8 * HOUR, flushed.get(0).time());
    assertEquals(2, flushed.get(0).events().size(), "both legs' bars so far: " + flushed.get(0).events());
    assertEquals(List.of(), assembler.flush(), "nothing open after it");
  }

  @Test
  void spotBookTickersStampedOnReceiptDoNotMoveTheClockButQuoteTheStep() {
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1"));
    long wallClock = T0 + 1_000 * HOUR;
    assertEquals(List.of(), assembler.accept(new MarketUpdate.BookTicker("BTCUSDT", Leg.SPOT, wallClock, 1,
        Fixed.parse("99.9"), Fixed.parse("2"), Fixed.parse("100.1"), Fixed.parse("3"))));
    List<MarketStep> closed = assembler.accept(trade(Leg.PERP, T0 + 8 * HOUR, "100", "1"));

    assertEquals(T0 + 8 * HOUR, closed.get(0).time());
    assertTrue(closed.get(0).events().contains(new MarketEvent.Quote(Leg.SPOT, Fixed.parse("99.9"),
        Fixed.parse("2"), Fixed.parse("100.1"), Fixed.parse("3"))));
  }

  @Test
  void fundingSettlesOnceInTheStepThatReachesTheAnnouncedTimeAtTheAnnouncedRate() {
    long settlement = T0 + 8 * HOUR;
    assembler.accept(mark(T0 + HOUR, "0.0001", settlement));
    assembler.accept(mark(T0 + 7 * HOUR, "0.00025", settlement));
    assembler.accept(trade(Leg.SPOT, T0 + 8 * HOUR - 1, "100", "1"));
    List<MarketStep> first = assembler.accept(trade(Leg.PERP, T0 + 8 * HOUR - 1, "100", "1"));
    assertTrue(first.get(0).events().contains(new MarketEvent.Funding(Rate.parse("0.00025"))), "the rate last announced for the settlement: " + first.get(0).events());

    assembler.accept(mark(T0 + 9 * HOUR, "0.0003", settlement + 8 * HOUR));
    List<MarketStep> second = assembler.accept(trade(Leg.PERP, T0 + 17 * HOUR, "100", "1"));
    assertEquals(1, second.get(0).events().stream().filter(e -> e instanceof MarketEvent.Funding).count(),
        "the next settlement only: " + second.get(0).events());
  }

  /**
   * A book ticker and a mark at the bar's last millisecond came on their own streams ahead of the
   * bar's trades: the step waits for the trades (closed on the ticker, it lost the rest of the bar
   * to the next step — the loopback run's partial ETH bars).
   */
  @Test
  void aBookTickerOrMarkAtTheLastMillisecondDoesNotCloseTheStepBeforeTheTrades() {
    long close = T0 + 8 * HOUR - 1;
    assembler.accept(trade(Leg.SPOT, close, "100", "1"));
    assertEquals(List.of(), assembler.accept(new MarketUpdate.BookTicker("BTCUSDT", Leg.PERP, close, 1,
        Fixed.parse("99"), Fixed.parse("1"), Fixed.parse("101"), Fixed.parse("1"))));
    assertEquals(List.of(), assembler.accept(mark(close, "0.0001", T0 + 8 * HOUR)));
    assertEquals(List.of(), assembler.accept(trade(Leg.PERP, T0 + HOUR, "98", "2")));
    List<MarketStep> closed = assembler.accept(trade(Leg.PERP, close, "102", "1"));

    assertEquals(1, closed.size());
    assertTrue(closed.get(0).events().contains(new MarketEvent.Bar(Leg.PERP, Fixed.parse("98"),
        Fixed.parse("102"), Fixed.parse("98"), Fixed.parse("102"), Fixed.parse("3"), Double.NaN, -1)), closed.get(0).events().toString());
  }

  /**
   * Announcements of two settlements before a step closes (a slow step, or a gap's release) settle
   * both, in order: the later one no longer overwrites the earlier.
   */
  @Test
  void everyAnnouncedSettlementTheStepReachedIsBookedNoneOverwritten() {
    assembler.accept(mark(T0 + HOUR, "0.0001", T0 + 8 * HOUR));
    assembler.accept(mark(T0 + 9 * HOUR, "0.0002", T0 + 16 * HOUR)); // closes the first step: 0.0001 booked
    List<MarketStep> closed = assembler.accept(trade(Leg.PERP, T0 + 17 * HOUR, "100", "1"));

    assertEquals(List.of(new MarketEvent.Funding(Rate.parse("0.0002"))),
        closed.get(0).events().stream().filter(e -> e instanceof MarketEvent.Funding).toList());
    assertEquals(0, assembler.lateSettlements());
  }

  /**
   * A gap hid the mark frames that announced a settlement: the venue's record of it, fetched over
   * REST, books it in the step of its time; one heard of after its step closed is booked with the
   * next step and counted late; one already booked is not booked again.
   */
  @Test
  void settlementsFetchedOverRestAreBookedAtTheirTimeOnceAndLateOnesCounted() {
    long step = 8 * HOUR;
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1"));
    assembler.accept(trade(Leg.PERP, T0 + HOUR, "100", "1"));
    assembler.legDown(Leg.PERP);
    assembler.accept(trade(Leg.SPOT, T0 + step - 1, "100", "1"));
    assembler.accept(trade(Leg.SPOT, T0 + 2 * step - 1, "100", "1"));
    assembler.accept(new MarketUpdate.Settlement("BTCUSDT", T0 + step, Rate.parse("0.0003")));
    assembler.accept(kline(Leg.PERP, T0, "100", "1"));
    assembler.accept(kline(Leg.PERP, T0 + step, "100", "1"));
    List<MarketStep> released = assembler.legBackfilled(Leg.PERP);

    assertEquals(List.of(new MarketEvent.Funding(Rate.parse("0.0003"))),
        released.get(0).events().stream().filter(e -> e instanceof MarketEvent.Funding).toList(),
        "booked in the step of its time: " + released);
    assembler.accept(new MarketUpdate.Settlement("BTCUSDT", T0 + step, Rate.parse("0.0003")));
    assembler.accept(new MarketUpdate.Settlement("BTCUSDT", T0 + 2 * step, Rate.parse("0.0004")));
    assertEquals(1, assembler.lateSettlements(), "the second step had closed: " + released);
    List<MarketStep> next = assembler.accept(trade(Leg.PERP, T0 + 4 * step, "100", "1"));
    assertEquals(List.of(new MarketEvent.Funding(Rate.parse("0.0004"))),
        next.get(0).events().stream().filter(e -> e instanceof MarketEvent.Funding).toList(),
        "the late one with the next step, the first not again");
  }

  @Test
  void otherSymbolsAreIgnored() {
    assertEquals(List.of(), assembler.accept(new MarketUpdate.Trade("DOGEUSDT", Leg.SPOT, T0 + 20 * HOUR, 1,
        Fixed.parse("0.1"), Fixed.parse("1"))));
  }

  /**
   * A spot websocket down for two steps: the perp's updates of the gap are held, the spot bars the
   * gap missed come back as klines, and every step of the gap closes with both legs' real bars.
   */
  @Test
  void aGapHoldsTheStepsUntilItsBarsAreBackfilledThenClosesThemWithEveryLegsRealBar() {
    long step = 8 * HOUR;
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1")); // the spot leg's last trade before the drop
    assembler.legDown(Leg.SPOT);
    assertEquals(List.of(), assembler.accept(trade(Leg.PERP, T0 + step - 1, "101", "2")));
    assertEquals(List.of(), assembler.accept(trade(Leg.PERP, T0 + 2 * step - 1, "102", "2")), "held, not closed");
    assertEquals(List.of(), assembler.accept(trade(Leg.SPOT, T0 + 3 * step - 1, "104", "1")), "the leg is back");
    assembler.accept(trade(Leg.PERP, T0 + 3 * step - 1, "103", "2"));
    assembler.accept(kline(Leg.SPOT, T0, "100", "1.5")); // the whole first bar, the trade before the drop included
    assembler.accept(kline(Leg.SPOT, T0 + step, "105", "3"));
    List<MarketStep> closed = assembler.legBackfilled(Leg.SPOT);

    assertEquals(List.of(T0 + step, T0 + 2 * step, T0 + 3 * step), closed.stream().map(MarketStep::time).toList());
    assertTrue(closed.get(0).events().contains(bar(Leg.SPOT, "100", "1.5")), "the kline replaces the partial bar: "
        + closed.get(0).events());
    assertTrue(closed.get(1).events().contains(bar(Leg.SPOT, "105", "3")), closed.get(1).events().toString());
    assertTrue(closed.get(1).events().contains(bar(Leg.PERP, "102", "2")), closed.get(1).events().toString());
    assertTrue(closed.get(2).events().contains(bar(Leg.SPOT, "104", "1")), closed.get(2).events().toString());
    assertEquals(0, assembler.lateKlines());
  }

  @Test
  void aKlineForAStepAlreadyClosedIsCountedLateAndChangesNothing() {
    assembler.accept(trade(Leg.SPOT, T0 + 9 * HOUR, "100", "1"));
    assertEquals(List.of(), assembler.accept(kline(Leg.SPOT, T0, "90", "1")));
    assertEquals(1, assembler.lateKlines());
    List<MarketStep> flushed = assembler.flush();
    assertEquals(List.of(new MarketEvent.Bar(Leg.SPOT, Fixed.parse("100"), Fixed.parse("100"),
        Fixed.parse("100"), Fixed.parse("100"), Fixed.parse("1"), Double.NaN, -1)), flushed.get(0).events());
  }

  @Test
  void aHoldBeyondItsLimitIsGivenUpAndTheStepsCloseAsWithoutIt() {
    StepAssembler small = new StepAssembler("BTCUSDT", 8 * HOUR, 2);
    small.legDown(Leg.SPOT);
    small.accept(trade(Leg.PERP, T0 + HOUR, "100", "1"));
    small.accept(trade(Leg.PERP, T0 + 9 * HOUR, "101", "1"));
    List<MarketStep> closed = small.accept(trade(Leg.PERP, T0 + 17 * HOUR, "102", "1"));

    assertEquals(List.of(T0 + 8 * HOUR, T0 + 16 * HOUR), closed.stream().map(MarketStep::time).toList());
    assertEquals(1, small.holdsGivenUp());
    assertEquals(List.of(), small.legBackfilled(Leg.SPOT), "nothing was held any more");
  }

  @Test
  void theFeedsEndReleasesWhatAGapHeld() {
    assembler.legDown(Leg.PERP);
    assembler.accept(trade(Leg.SPOT, T0 + HOUR, "100", "1"));
    assembler.accept(trade(Leg.SPOT, T0 + 9 * HOUR, "101", "1"));

    assertEquals(List.of(T0 + 8 * HOUR, T0 + 16 * HOUR), assembler.flush().stream().map(MarketStep::time).toList());
  }

  private static MarketUpdate kline(Leg leg, long open, String price, String volume) {
    return new MarketUpdate.Kline("BTCUSDT", leg, open, open + 8 * HOUR - 1, Fixed.parse(price), Fixed.parse(price),
        Fixed.parse(price), Fixed.parse(price), Fixed.parse(volume));
  }

  private static MarketEvent.Bar bar(Leg leg, String price, String volume) {
    long p = Fixed.parse(price);
    return new MarketEvent.Bar(leg, p, p, p, p,
        Fixed.parse(volume), Double.NaN, -1);
  }

  private MarketUpdate trade(Leg leg, long time, String price, String quantity) {
    return new MarketUpdate.Trade("BTCUSDT", leg, time, ++tradeId, Fixed.parse(price), Fixed.parse(quantity));
  }

  private static MarketUpdate mark(long time, String rate, long next) {
    return new MarketUpdate.MarkPrice("BTCUSDT", time, Fixed.parse("100"), Fixed.parse("100"), Rate.parse(rate), next);
  }
}
