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
 * The asset's feed: takes the asset's market steps (live: from {@link MarketRouter}, straight or
 * through its entity; in a replay: from the replay clock through the order actor), keeps the asset's
 * market, a mirror of its books (the order actor tells it every change) and its features
 * ({@link AssetFeed}), and turns each step into a tick. Every tick is checked (both prices positive,
 * time moving forward, data no older than the staleness limit) before the strategy sees it; a bad
 * one is a logged, counted drop that still reaches the risk actor as "hold", so the step is answered
 * and never traded on. While the breaker is open ticks go past the strategy (one restarting under
 * its supervisor keeps them in its mailbox). The entity is not on the tick path: it tells the feed
 * when its breaker would next move by time ({@code wakeAt}), and the first tick at or after that
 * time waits until the entity has moved the breaker and routed the feed again.
 */
public final class FeedActor extends AbstractBehavior<FeedActor.Command> {
  /** Local to the asset's entity (never sent to another node): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** A market step, numbered {@code step} (the replay clock's step, or the feed's own count live). */
  public record Market(long step, MarketStep market) implements Command {}

  /** The asset's books as its order actor holds them now. */
  public record Position(LedgerSnapshot books) implements Command {}

  /**
   * Where checked ticks go: to the strategy, or past it to {@code risk} ({@code bypass}, while the
   * breaker is open); {@code wakeAt}: the tick time from which the entity must be told the time
   * first (its breaker's next move), {@link Long#MAX_VALUE} for never.
   */
  public record Route(ActorRef<StrategyActor.Command> strategy, boolean bypass, ActorRef<RiskActor.Command> risk,
      long wakeAt) implements Command {}

  /** Answered once every message before it was taken (the entity stops after it, nothing queued is lost). */
  public record Drain(ActorRef<Drained> replyTo) implements Command {}

  public record Drained() {}

  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  /** Ticks passed on, ticks dropped by reason, the last tick's time and data age, and the last feature row. */
  public record Counts(long accepted, long stale, long invalid, long outOfOrder, long lastTime, long dataAgeMs,
      FeatureRow features) implements io.fundarb.actors.serialization.Durable {}

  private final String asset;
  private final AssetFeed feed;
  private final long maxStaleMs;
  private final ActorRef<AssetEntity.Command> entity;
  private long wakeAt = Long.MAX_VALUE;
  private boolean awaitingRoute;
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

  static Behavior<Command> create(String asset, AssetFeed feed, long maxStaleMs, ActorRef<AssetEntity.Command> entity) {
    return Behaviors.setup(context -> new FeedActor(context, asset, feed, maxStaleMs, entity));
  }

  private FeedActor(ActorContext<Command> context, String asset, AssetFeed feed, long maxStaleMs,
      ActorRef<AssetEntity.Command> entity) {
    super(context);
    this.asset = asset;
    this.feed = feed;
    this.maxStaleMs = maxStaleMs;
    this.entity = entity;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Market.class, this::onMarket)
        .onMessage(Position.class, this::onPosition)
        .onMessage(Route.class, this::onRoute)
        .onMessage(GetCounts.class, this::onGetCounts)
        .onMessage(Drain.class, drain -> {
          drain.replyTo().tell(new Drained());
          return this;
        })
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

  /** On now, or queued behind the ticks already waiting for a route. */
  private void pass(Checked checked) {
    waiting.addLast(checked);
    flush();
  }

  /**
   * Passes on the waiting ticks in order until one is due to wake the entity (its breaker moves
   * by time first: the tick waits for the route that follows) or no route is known yet.
   */
  private void flush() {
    while (risk != null && !awaitingRoute && !waiting.isEmpty()) {
      Checked next = waiting.peekFirst();
      if (next.tick().time() >= wakeAt) {
        awaitingRoute = true;
        entity.tell(new AssetEntity.Clock(next.tick().time()));
        return;
      }
      waiting.pollFirst();
      if (next.dropped() || bypass) {
        risk.tell(new RiskActor.Propose(next, Double.NaN));
      } else {
        strategy.tell(new StrategyActor.Evaluate(next));
      }
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
    wakeAt = route.wakeAt();
    awaitingRoute = false;
    flush();
    return this;
  }

  private Behavior<Command> onGetCounts(GetCounts get) {
    get.replyTo().tell(new Counts(accepted, stale, invalid, outOfOrder, lastTime == Long.MIN_VALUE ? 0 : lastTime,
        dataAgeMs, feed.features()));
    return this;
  }
}
