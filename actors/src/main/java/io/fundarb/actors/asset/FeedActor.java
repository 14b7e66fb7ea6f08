package io.fundarb.actors.asset;

import io.fundarb.engine.account.LedgerSnapshot;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.trading.AssetFeed;
import io.fundarb.engine.trading.AssetTick;
import io.fundarb.engine.trading.FeatureRow;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The asset's feed: takes the asset's market steps (from the live websockets, or from the replay
 * clock through the order actor), keeps the asset's market, a mirror of its books (the order actor
 * tells it every change) and its features ({@link AssetFeed}), and turns each step into a tick.
 * Every tick is checked (both prices positive, time moving forward, data no older than the
 * staleness limit) before the strategy sees it; a bad one is a logged, counted drop that still
 * reaches the risk actor as "hold", so the step is answered and never traded on. While the strategy
 * restarts the ticks wait (at most {@value #WAITING}); while the breaker is open they go past it.
 */
public final class FeedActor extends AbstractBehavior<FeedActor.Command> {
  private static final int WAITING = 64;

  public sealed interface Command {}

  /** A market step, numbered {@code step} (the replay clock's step, or the feed's own count live). */
  public record Market(long step, MarketStep market) implements Command {}

  /** The asset's books as its order actor holds them now. */
  public record Position(LedgerSnapshot books) implements Command {}

  /**
   * Where checked ticks go: a strategy, or none while it restarts ({@code bypass}: past it, to
   * {@code risk}, while the breaker is open).
   */
  public record Route(ActorRef<StrategyActor.Command> strategy, boolean bypass, ActorRef<RiskActor.Command> risk)
      implements Command {}

  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  /** Ticks passed on, ticks dropped by reason, the last tick's time and data age, and the last feature row. */
  public record Counts(long accepted, long stale, long invalid, long outOfOrder, long lastTime, long dataAgeMs,
      FeatureRow features) implements io.fundarb.actors.serialization.Durable {}

  private final String asset;
  private final AssetFeed feed;
  private final long maxStaleMs;
  private ActorRef<RiskActor.Command> risk;
  private final ArrayDeque<Checked> waiting = new ArrayDeque<>();
  private ActorRef<StrategyActor.Command> strategy;
  private boolean bypass;
  private long lastTime = Long.MIN_VALUE;
  private long dataAgeMs;
  private long accepted;
  private long stale;
  private long invalid;
  private long outOfOrder;

  static Behavior<Command> create(String asset, AssetFeed feed, long maxStaleMs) {
    return Behaviors.setup(context -> new FeedActor(context, asset, feed, maxStaleMs));
  }

  private FeedActor(ActorContext<Command> context, String asset, AssetFeed feed, long maxStaleMs) {
    super(context);
    this.asset = asset;
    this.feed = feed;
    this.maxStaleMs = maxStaleMs;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Market.class, this::onMarket)
        .onMessage(Position.class, this::onPosition)
        .onMessage(Route.class, this::onRoute)
        .onMessage(GetCounts.class, this::onGetCounts)
        .build();
  }

  private Behavior<Command> onMarket(Market market) {
    long arrived = System.nanoTime();
    MarketStep step = market.market();
    if (step.time() <= lastTime) {
      outOfOrder++;
      getContext().getLog().warn("{}: dropped step at {}: not after the last one at {}", asset, step.time(), lastTime);
      pass(new Checked(feed.tick(market.step()), step, true, arrived));
      return this;
    }
    lastTime = step.time();
    AssetTick tick = feed.apply(market.step(), step);
    dataAgeMs = tick.ageMs();
    String problem = problem(tick);
    if (problem != null) {
      getContext().getLog().warn("{}: dropped tick at {}: {}", asset, tick.time(), problem);
    } else {
      accepted++;
    }
    pass(new Checked(tick, step, problem != null, arrived));
    return this;
  }

  private String problem(AssetTick tick) {
    if (!tick.pricesValid()) {
      invalid++;
      return "no positive price on both legs (spot " + tick.spotPrice() + ", perp " + tick.perpPrice() + ")";
    }
    if (tick.ageMs() > maxStaleMs) {
      stale++;
      return "stale: newest data is " + tick.ageMs() + " ms old (limit " + maxStaleMs + ")";
    }
    return null;
  }

  /** To the strategy, or past it as a hold (dropped, breaker open, or too many waiting for a restart). */
  private void pass(Checked checked) {
    if (risk == null) {
      waiting.addLast(checked); // the entity routes the feed right after spawning it
    } else if (checked.dropped() || bypass) {
      risk.tell(new RiskActor.Propose(checked, Double.NaN));
    } else if (strategy != null) {
      strategy.tell(new StrategyActor.Evaluate(checked));
    } else if (waiting.size() < WAITING) {
      waiting.addLast(checked);
    } else {
      risk.tell(new RiskActor.Propose(checked, Double.NaN));
    }
  }

  private Behavior<Command> onPosition(Position position) {
    feed.position(position.books());
    return this;
  }

  private Behavior<Command> onRoute(Route route) {
    risk = route.risk();
    strategy = route.strategy();
    bypass = route.bypass();
    int n = waiting.size();
    for (int k = 0; k < n && (strategy != null || bypass); k++) {
      pass(waiting.pollFirst());
    }
    return this;
  }

  private Behavior<Command> onGetCounts(GetCounts get) {
    get.replyTo().tell(new Counts(accepted, stale, invalid, outOfOrder, lastTime == Long.MIN_VALUE ? 0 : lastTime,
        dataAgeMs, feed.features()));
    return this;
  }
}
