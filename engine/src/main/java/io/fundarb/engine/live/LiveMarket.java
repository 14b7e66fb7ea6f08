package io.fundarb.engine.live;

import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.sim.StepSource;
import io.fundarb.engine.time.ManualClock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Clock steps assembled from a live feed, handed from the feed's thread to the account's: the
 * feed {@link #offer}s each closed step, the account applies them in order with {@link #step}
 * exactly as a replayed tape's (outcomes from the venue first, then bars, quotes, marks and
 * funding settlements). The account waits when none is ready; {@link #end} says no more will come.
 */
public final class LiveMarket implements StepSource {
  /** One closed step of the common clock: every event stamped with its time. */
  public record Step(long time, List<Event> events) {
    public Step {
      events = List.copyOf(events);
    }
  }

  /** A market event of a step, on a universe instrument index; prices Fixed, rates Rate. */
  public sealed interface Event {
    int instrument();

    record Bar(int instrument, long open, long high, long low, long close, long volume) implements Event {}

    record Quote(int instrument, long bid, long bidSize, long ask, long askSize) implements Event {}

    record Mark(int instrument, long price) implements Event {}

    /** A funding settlement of the perp {@code instrument} at {@code rate}. */
    record Funding(int instrument, long rate) implements Event {}
  }

  private final ConcurrentLinkedQueue<Step> ready = new ConcurrentLinkedQueue<>();
  private final long stepMs;
  private final long fundingIntervalMs;
  private volatile boolean ended;
  private volatile long lastOffered = Long.MIN_VALUE;
  private volatile Runnable onArrival = () -> {};
  private long lastTime = Long.MIN_VALUE;
  private MarketState market;
  private ManualClock clock;
  private ConnectedVenue venue;
  private MarketObserver observer;

  /**
   * @param stepMs the length of a step (the bar interval the strategies were built for)
   * @param fundingIntervalMs the venue's funding interval (feature scaling)
   */
  public LiveMarket(long stepMs, long fundingIntervalMs) {
    this.stepMs = stepMs;
    this.fundingIntervalMs = fundingIntervalMs;
  }

  /** Wires the account's market, clock, venue and observer; the account calls it once. */
  public void attach(MarketState market, ManualClock clock, ConnectedVenue venue, MarketObserver observer) {
    this.market = market;
    this.clock = clock;
    this.venue = venue;
    this.observer = observer;
  }

  /** Called (on the feed's thread) after each offered step and at the end. */
  public void onArrival(Runnable callback) {
    this.onArrival = Objects.requireNonNull(callback);
  }

  /** A closed step from the feed (any thread). */
  public void offer(Step step) {
    ready.add(step);
    lastOffered = step.time();
    onArrival.run();
  }

  /** The feed has ended: once the ready steps are consumed, the account is done. */
  public void end() {
    ended = true;
    onArrival.run();
  }

  /** True when the feed ended and every step it offered was applied. */
  public boolean ended() {
    return ended && ready.isEmpty();
  }

  /** Time of the latest step offered, or Long.MIN_VALUE. */
  public long lastOfferedTime() {
    return lastOffered;
  }

  public long stepMs() {
    return stepMs;
  }

  public long fundingIntervalMs() {
    return fundingIntervalMs;
  }

  @Override
  public boolean hasNext() {
    return !ready.isEmpty();
  }

  @Override
  public long nextTime() {
    Step next = ready.peek();
    return next == null ? Long.MAX_VALUE : next.time();
  }

  /**
   * Applies the next ready step. A step not later than the last one (a feed that went back in
   * time) only delivers the venue's outcomes: the clock never goes back.
   */
  @Override
  public long step() {
    Step step = ready.remove();
    long t = Math.max(step.time(), lastTime);
    clock.set(t);
    venue.deliver(t);
    if (step.time() > lastTime) {
      lastTime = t;
      step.events().forEach(e -> apply(e, t));
    }
    return t;
  }

  private void apply(Event event, long t) {
    int i = event.instrument();
    if (event instanceof Event.Bar b) {
      market.onBar(i, t, b.open(), b.high(), b.low(), b.close(), b.volume());
      observer.onBar(i, t);
    } else if (event instanceof Event.Quote q) {
      market.onQuote(i, t, q.bid(), q.bidSize(), q.ask(), q.askSize());
    } else if (event instanceof Event.Mark m) {
      market.onMark(i, t, m.price());
    } else {
      long rate = ((Event.Funding) event).rate();
      market.onFunding(i, t, rate);
      venue.onFunding(i, t, rate);
      observer.onFunding(i, t, rate);
    }
  }
}
