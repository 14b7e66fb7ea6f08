package io.fundarb.engine.sim;

import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.venue.SimulatedVenue;

/**
 * Replays a {@link MarketTape} one clock step at a time: requests that reached the venue before
 * the step are handled against the market as it was, then every event stamped with the step's
 * time is applied to the market, the venue (fills, liquidations, funding) and the observer.
 * What happens between steps (strategy decisions) is up to the caller, which is how the
 * backtester, the RL environment and the replay node share one loop.
 */
public final class Simulation {
  private final MarketTape tape;
  private final MarketState market;
  private final SimulatedVenue venue;
  private final ManualClock clock;
  private final MarketObserver observer;
  private int cursor;
  private final int end;

  public Simulation(MarketTape tape, MarketState market, SimulatedVenue venue, ManualClock clock, MarketObserver observer) {
    this(tape, market, venue, clock, observer, 0, tape.size());
  }

  /** A replay of market events only, with no venue: for feature tables and data checks. */
  public static Simulation marketOnly(MarketTape tape, MarketState market, ManualClock clock, MarketObserver observer) {
    return new Simulation(tape, market, null, clock, observer, 0, tape.size());
  }

  /** Replays only events {@code [from, to)} of the tape. */
  public Simulation(MarketTape tape, MarketState market, SimulatedVenue venue, ManualClock clock,
      MarketObserver observer, int from, int to) {
    this.tape = tape;
    this.market = market;
    this.venue = venue;
    this.clock = clock;
    this.observer = observer;
    this.cursor = from;
    this.end = to;
  }

  public boolean hasNext() {
    return cursor < end;
  }

  /** Time of the next step, or Long.MAX_VALUE at the end. */
  public long nextTime() {
    return cursor < end ? tape.time(cursor) : Long.MAX_VALUE;
  }

  /** Applies the next clock step and returns its time. */
  public long step() {
    long t = tape.time(cursor);
    clock.set(t);
    if (venue != null) {
      venue.processArrivals(t);
    }
    while (cursor < end && tape.time(cursor) == t) {
      apply(cursor++, t);
    }
    return t;
  }

  private void apply(int j, long t) {
    int i = tape.instrument(j);
    switch (tape.applyTo(j, market)) {
      case MarketTape.BAR -> {
        if (venue != null) {
          venue.onBar(i, t);
        }
        observer.onBar(i, t);
      }
      case MarketTape.FUNDING -> {
        long rate = market.fundingRate(i);
        if (venue != null) {
          venue.onFunding(i, t, rate);
        }
        observer.onFunding(i, t, rate);
      }
      default -> observer.onSentiment(t, market.sentiment());
    }
  }
}
