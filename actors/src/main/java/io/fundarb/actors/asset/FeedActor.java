package io.fundarb.actors.asset;

import io.fundarb.engine.trading.AssetTick;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The asset's market gate: every tick is checked (positive prices, time moving forward, data no
 * older than the staleness limit) before the strategy sees it. A bad tick is a logged, counted
 * drop that still reaches the risk actor as "hold", so the node never waits on it and never
 * trades on it.
 */
public final class FeedActor extends AbstractBehavior<FeedActor.Command> {
  public sealed interface Command {}

  public record Check(AssetSupervisor.Tick tick) implements Command {}

  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  /** Ticks passed to the strategy, and ticks dropped by reason. */
  public record Counts(long accepted, long stale, long invalid, long outOfOrder) {}

  private final ActorRef<StrategyActor.Command> strategy;
  private final ActorRef<RiskActor.Command> risk;
  private final long maxStaleMs;
  private long lastTime = Long.MIN_VALUE;
  private long accepted;
  private long stale;
  private long invalid;
  private long outOfOrder;

  public static Behavior<Command> create(ActorRef<StrategyActor.Command> strategy, ActorRef<RiskActor.Command> risk,
      long maxStaleMs) {
    return Behaviors.setup(context -> new FeedActor(context, strategy, risk, maxStaleMs));
  }

  private FeedActor(ActorContext<Command> context, ActorRef<StrategyActor.Command> strategy,
      ActorRef<RiskActor.Command> risk, long maxStaleMs) {
    super(context);
    this.strategy = strategy;
    this.risk = risk;
    this.maxStaleMs = maxStaleMs;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Check.class, this::onCheck)
        .onMessage(GetCounts.class, this::onGetCounts)
        .build();
  }

  private Behavior<Command> onCheck(Check check) {
    AssetTick tick = check.tick().tick();
    String problem = problem(tick);
    if (problem == null) {
      lastTime = tick.time();
      accepted++;
      strategy.tell(new StrategyActor.Evaluate(check.tick()));
    } else {
      getContext().getLog().warn("{}: dropped tick at {}: {}", tick.asset(), tick.time(), problem);
      risk.tell(new RiskActor.Propose(check.tick(), Double.NaN));
    }
    return this;
  }

  private String problem(AssetTick tick) {
    if (!tick.pricesValid()) {
      invalid++;
      return "non-positive price (spot " + tick.spotPrice() + ", perp " + tick.perpPrice() + ")";
    }
    if (tick.time() <= lastTime) {
      outOfOrder++;
      return "time " + tick.time() + " not after the last tick " + lastTime;
    }
    if (tick.ageMs() > maxStaleMs) {
      stale++;
      return "stale: newest data is " + tick.ageMs() + " ms old (limit " + maxStaleMs + ")";
    }
    return null;
  }

  private Behavior<Command> onGetCounts(GetCounts get) {
    get.replyTo().tell(new Counts(accepted, stale, invalid, outOfOrder));
    return this;
  }
}
