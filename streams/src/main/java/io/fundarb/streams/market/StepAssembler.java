package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.LiveMarket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aligns spot and perp updates on one clock and closes them into the node's steps: epoch-aligned
 * intervals of the venue's event time (spot book tickers, stamped on receipt, join the open step
 * without moving the clock). A step closes as soon as every leg of every asset has reported at its
 * last millisecond (a replayed bar close) or when any update is already past it (the live clock
 * moved on; a silent leg keeps its older bar, which the risk rules see as stale). Per leg it
 * carries an OHLCV bar (trade prices and volume; book mid-prices when no trade came), the last
 * book ticker and mark price, and a funding settlement for every perp whose announced funding
 * time the step reached, at the rate announced for it. Updates for symbols outside the universe
 * are ignored. Pure: the feed's graph runs it in a {@code statefulMap}.
 */
public final class StepAssembler {
  private final long stepMs;
  private final Map<String, Integer> assets = new HashMap<>();
  private final LegState[] legs;
  private final long[] announcedRate;
  private final long[] announcedTime;
  private final long[] settledTime;
  private long end = Long.MIN_VALUE;
  private boolean pending;

  public StepAssembler(Universe universe, long stepMs) {
    if (stepMs <= 0) {
      throw new IllegalArgumentException("a step must last at least 1 ms, got " + stepMs);
    }
    this.stepMs = stepMs;
    for (int a = 0; a < universe.assetCount(); a++) {
      assets.put(universe.pair(a).asset().symbol(), a);
    }
    legs = new LegState[universe.instrumentCount()];
    for (int i = 0; i < legs.length; i++) {
      legs[i] = new LegState();
    }
    announcedRate = new long[universe.assetCount()];
    announcedTime = new long[universe.assetCount()];
    settledTime = new long[universe.assetCount()];
    java.util.Arrays.fill(announcedTime, Long.MIN_VALUE);
    java.util.Arrays.fill(settledTime, Long.MIN_VALUE);
  }

  /** Takes one validated update; returns the steps it closed (usually none, at most two). */
  public List<LiveMarket.Step> accept(MarketUpdate update) {
    Integer asset = assets.get(update.symbol());
    if (asset == null) {
      return List.of();
    }
    if (!clocked(update)) {
      apply(asset, update); // a quote without venue time: it joins the open step, it does not move the clock
      return List.of();
    }
    long t = update.eventTime();
    List<LiveMarket.Step> closed = new ArrayList<>(1);
    if (end == Long.MIN_VALUE) {
      end = Math.floorDiv(t, stepMs) * stepMs + stepMs;
    } else if (t >= end) {
      closed.add(close());
      end = Math.floorDiv(t, stepMs) * stepMs + stepMs;
    }
    apply(asset, update);
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
  public List<LiveMarket.Step> flush() {
    return pending ? List.of(close()) : List.of();
  }

  /** Binance's spot book ticker carries no event time: it is stamped on receipt, another clock. */
  private static boolean clocked(MarketUpdate update) {
    return !(update instanceof MarketUpdate.BookTicker && update.leg() == Leg.SPOT);
  }

  private void apply(int asset, MarketUpdate update) {
    int i = update.leg() == Leg.SPOT ? Universe.spotIndex(asset) : Universe.perpIndex(asset);
    LegState leg = legs[i];
    pending = true;
    if (clocked(update)) {
      leg.lastEvent = Math.max(leg.lastEvent, update.eventTime());
    }
    if (update instanceof MarketUpdate.BookTicker b) {
      leg.quote = new LiveMarket.Event.Quote(i, b.bid(), b.bidQty(), b.ask(), b.askQty());
      if (!leg.traded) {
        leg.price((b.bid() + b.ask()) / 2);
      }
    } else if (update instanceof MarketUpdate.Trade trade) {
      if (!leg.traded) {
        leg.traded = true; // trades outrank mid-prices from here on in this step
        leg.open = 0;
      }
      leg.price(trade.price());
      leg.volume += trade.quantity();
    } else if (update instanceof MarketUpdate.MarkPrice m) {
      leg.mark = m.markPrice();
      announcedRate[asset] = m.fundingRate();
      announcedTime[asset] = m.nextFundingTime();
    }
  }

  private boolean allReportedUpTo(long time) {
    for (LegState leg : legs) {
      if (leg.lastEvent < time) {
        return false;
      }
    }
    return true;
  }

  private LiveMarket.Step close() {
    pending = false;
    List<LiveMarket.Event> events = new ArrayList<>();
    for (int i = 0; i < legs.length; i++) {
      LegState leg = legs[i];
      if (leg.open != 0) {
        events.add(new LiveMarket.Event.Bar(i, leg.open, leg.high, leg.low, leg.close, leg.volume));
      }
      if (leg.quote != null) {
        events.add(leg.quote);
      }
      if (leg.mark != 0) {
        events.add(new LiveMarket.Event.Mark(i, leg.mark));
      }
      leg.reset();
    }
    for (int a = 0; a < announcedTime.length; a++) {
      if (announcedTime[a] != Long.MIN_VALUE && announcedTime[a] <= end && announcedTime[a] > settledTime[a]) {
        settledTime[a] = announcedTime[a];
        events.add(new LiveMarket.Event.Funding(Universe.perpIndex(a), announcedRate[a]));
      }
    }
    return new LiveMarket.Step(end, events);
  }

  /** One leg's updates within the open step. */
  private static final class LegState {
    long lastEvent = Long.MIN_VALUE;
    long open;
    long high;
    long low;
    long close;
    long volume;
    boolean traded;
    long mark;
    LiveMarket.Event.Quote quote;

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
      mark = 0;
      quote = null;
    }
  }
}
