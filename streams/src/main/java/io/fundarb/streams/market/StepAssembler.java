package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Aligns one asset's spot and perp updates on one clock and closes them into the asset's steps:
 * epoch-aligned intervals of the venue's event time (spot book tickers, stamped on receipt, join
 * the open step without moving the clock). Each asset has its own: its steps close when its own
 * legs are done, whatever the other assets do. A step closes as soon as both legs have traded at its
 * last millisecond (a replayed bar's trades; a book ticker or mark at that time does not close it,
 * since the bar's trades may still be on their way) or when any update is already past it (the
 * live clock moved on; a silent leg keeps its older bar, which the risk rules see as stale). Per leg it
 * carries an OHLCV bar (trade prices and volume; book mid-prices when no trade came), the last
 * book ticker and mark price, and a funding settlement for every announced funding time of a
 * perp the step reached, at the rate last announced for that time (or the venue's record of the
 * settlement fetched over REST, {@link MarketUpdate.Settlement}). Updates for other symbols are
 * ignored.
 *
 * <p>Gaps: when a leg's websocket goes down ({@link #legDown}) the assembler holds every update
 * instead of closing steps, until the leg is back and its missed bars were fetched over REST
 * ({@link #legBackfilled}); then the held updates and the fetched {@link MarketUpdate.Kline}s are
 * applied in event-time order, so the steps of the gap carry every leg's real bar instead of a
 * stale one. A kline replaces its leg's bar in its step (it stands for all of the bar's trades);
 * one for a step already closed is counted late and ignored. At most {@code maxHeld} updates are
 * held: beyond that the hold is given up (counted) and steps close as they would without it.
 * Pure: the feed's graph runs it in a {@code statefulMap}.
 */
public final class StepAssembler {
  private final long stepMs;
  private final String symbol;
  private final LegState[] legs = {new LegState(), new LegState()};
  private final NavigableMap<Long, Long> announced = new TreeMap<>(); // settlement time -> rate
  private long settledTime = Long.MIN_VALUE;
  private final int maxHeld;
  private final java.util.EnumSet<Leg> down = java.util.EnumSet.noneOf(Leg.class);
  private final List<Held> held = new ArrayList<>();
  private long heldKey = Long.MIN_VALUE;
  private long end = Long.MIN_VALUE;
  private boolean pending;
  private long lateKlines;
  private long lateSettlements;
  private long holdsGivenUp;

  /** An update held during a gap, with the event time it is ordered by on release. */
  private record Held(long key, MarketUpdate update) {}

  /** Holds at most 100,000 updates during a gap. */
  public StepAssembler(String symbol, long stepMs) {
    this(symbol, stepMs, 100_000);
  }

  public StepAssembler(String symbol, long stepMs, int maxHeld) {
    if (stepMs <= 0) {
      throw new IllegalArgumentException("a step must last at least 1 ms, got " + stepMs);
    }
    if (maxHeld < 0) {
      throw new IllegalArgumentException("maxHeld must be >= 0, got " + maxHeld);
    }
    this.stepMs = stepMs;
    this.symbol = symbol;
    this.maxHeld = maxHeld;
  }

  public String symbol() {
    return symbol;
  }

  /**
   * Takes one validated update (or a backfilled kline); returns the steps it closed (usually none,
   * at most two outside a gap; every held step when it ends a hold given up).
   */
  public List<MarketStep> accept(MarketUpdate update) {
    if (!symbol.equals(update.symbol())) {
      return List.of();
    }
    if (update instanceof MarketUpdate.Settlement s) { // a fact with its own time: never held
      announce(s.fundingTime(), s.rate());
      return List.of();
    }
    if (down.isEmpty()) {
      return process(update);
    }
    if (held.size() >= maxHeld) {
      holdsGivenUp++;
      down.clear();
      List<MarketStep> closed = release();
      closed.addAll(process(update));
      return closed;
    }
    if (clocked(update)) {
      heldKey = update.eventTime();
    }
    held.add(new Held(heldKey, update));
    return List.of();
  }

  /** {@code leg}'s websocket went down: from now on updates are held, not closed into steps. */
  public void legDown(Leg leg) {
    down.add(leg);
  }

  /**
   * {@code leg}'s gap is filled (its klines were accepted) or given up: once no leg is down, the
   * held updates are applied in event-time order and the steps they close are returned.
   */
  public List<MarketStep> legBackfilled(Leg leg) {
    down.remove(leg);
    return down.isEmpty() ? release() : List.of();
  }

  /** Klines that came after their step had closed. */
  public long lateKlines() {
    return lateKlines;
  }

  /**
   * Settlements heard of only after their step had closed: each is booked with the next step (the
   * venue did pay it) at that step's mark and position, which may differ from the ones at its time.
   */
  public long lateSettlements() {
    return lateSettlements;
  }

  /** Holds given up because more than {@code maxHeld} updates waited. */
  public long holdsGivenUp() {
    return holdsGivenUp;
  }

  private List<MarketStep> release() {
    List<Held> waiting = new ArrayList<>(held);
    held.clear();
    waiting.sort(java.util.Comparator.comparingLong(Held::key)); // stable: arrival order within a millisecond
    List<MarketStep> closed = new ArrayList<>();
    for (Held h : waiting) {
      closed.addAll(process(h.update()));
    }
    return closed;
  }

  private List<MarketStep> process(MarketUpdate update) {
    if (update instanceof MarketUpdate.Kline k && end != Long.MIN_VALUE && k.closeTime() < end - stepMs) {
      lateKlines++;
      return List.of();
    }
    if (!clocked(update)) {
      apply(update); // a quote without venue time: it joins the open step, it does not move the clock
      return List.of();
    }
    long t = update.eventTime();
    List<MarketStep> closed = new ArrayList<>(1);
    if (end == Long.MIN_VALUE) {
      end = Math.floorDiv(t, stepMs) * stepMs + stepMs;
    } else if (t >= end) {
      closed.add(close());
      end = Math.floorDiv(t, stepMs) * stepMs + stepMs;
    }
    apply(update);
    if (allReportedUpTo(end - 1)) {
      closed.add(close());
      end += stepMs;
    }
    return closed;
  }

  /**
   * The open step as it stands, when the feed ends (no update will close it): what its legs
   * reported so far; a leg that did not report keeps its older bar. Empty when nothing is open.
   */
  public List<MarketStep> flush() {
    down.clear();
    List<MarketStep> closed = release();
    if (pending) {
      closed.add(close());
    }
    return closed;
  }

  /**
   * Whether an update carries the venue's event time. Binance's spot book ticker does not: it is
   * stamped on receipt, another clock.
   */
  public static boolean clocked(MarketUpdate update) {
    return !(update instanceof MarketUpdate.BookTicker && update.leg() == Leg.SPOT);
  }

  private void apply(MarketUpdate update) {
    LegState leg = legs[update.leg().ordinal()];
    pending = true;
    if (update instanceof MarketUpdate.Trade || update instanceof MarketUpdate.Kline) {
      leg.lastTrade = Math.max(leg.lastTrade, update.eventTime()); // a book ticker or mark says nothing of the trades
    }
    if (update instanceof MarketUpdate.BookTicker b) {
      leg.quote = new MarketEvent.Quote(update.leg(), b.bid(), b.bidQty(), b.ask(), b.askQty());
      if (!leg.traded) {
        leg.price((b.bid() + b.ask()) / 2);
      }
    } else if (update instanceof MarketUpdate.Kline k) {
      leg.open = k.open();
      leg.high = k.high();
      leg.low = k.low();
      leg.close = k.close();
      leg.volume = k.volume();
      leg.traded = true;
      leg.backfilled = true;
    } else if (update instanceof MarketUpdate.Trade trade) {
      if (leg.backfilled) {
        return; // the step's kline already stands for all of its trades
      }
      if (!leg.traded) {
        leg.traded = true; // trades outrank mid-prices from here on in this step
        leg.open = 0;
      }
      leg.price(trade.price());
      leg.volume += trade.quantity();
    } else if (update instanceof MarketUpdate.MarkPrice m) {
      leg.mark = m.markPrice();
      announce(m.nextFundingTime(), m.fundingRate());
    }
  }

  /**
   * The rate that settles at {@code time}; a later word on the same time replaces the earlier one.
   * One already booked is ignored; one whose step has closed is booked with the next step.
   */
  private void announce(long time, long rate) {
    if (time <= settledTime) {
      return;
    }
    if (end != Long.MIN_VALUE && time <= end - stepMs && !announced.containsKey(time)) {
      lateSettlements++;
    }
    announced.put(time, rate);
  }

  private boolean allReportedUpTo(long time) {
    for (LegState leg : legs) {
      if (leg.lastTrade < time) {
        return false;
      }
    }
    return true;
  }

  private MarketStep close() {
    pending = false;
    List<MarketEvent> events = new ArrayList<>();
    for (Leg l : Leg.values()) {
      LegState leg = legs[l.ordinal()];
      if (leg.open != 0) {
        events.add(new MarketEvent.Bar(l, leg.open, leg.high, leg.low, leg.close, leg.volume, Double.NaN, -1));
      }
      if (leg.quote != null) {
        events.add(leg.quote);
      }
      if (leg.mark != 0) {
        events.add(new MarketEvent.Mark(l, leg.mark));
      }
      leg.reset();
    }
    NavigableMap<Long, Long> due = announced.headMap(end, true);
    for (Map.Entry<Long, Long> settlement : due.entrySet()) {
      settledTime = settlement.getKey();
      events.add(new MarketEvent.Funding(settlement.getValue()));
    }
    due.clear();
    return new MarketStep(end, events);
  }

  /** One leg's updates within the open step. */
  private static final class LegState {
    long lastTrade = Long.MIN_VALUE;
    long open;
    long high;
    long low;
    long close;
    long volume;
    boolean traded;
    boolean backfilled;
    long mark;
    MarketEvent.Quote quote;

    void price(long p) {
      if (open == 0) {
        open = p;
        high = p;
        low = p;
      }
      high = Math.max(high, p);
      low = Math.min(low, p);
      close = p;
    }

    void reset() {
      open = 0;
      volume = 0;
      traded = false;
      backfilled = false;
      mark = 0;
      quote = null;
    }
  }
}
