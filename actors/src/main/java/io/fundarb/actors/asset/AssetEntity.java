package io.fundarb.actors.asset;

import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.node.Steering;
import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.risk.AssetRiskGuard;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.trading.AssetFeed;
import io.fundarb.engine.trading.TrackedAssetView;
import io.fundarb.engine.venue.VenueReport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One traded asset (spot leg + perp leg), a Cluster Sharding entity keyed by its id (e.g.
 * {@code BINANCE:BTCUSDT}) with remembered entities, that trades for itself: its feed turns market
 * steps into ticks, its strategy proposes a target, its risk actor approves it, and its order actor
 * sends the requests, tracks them and books their outcomes (event-sourced). No one else decides or
 * executes for it; the account actor only grants notional reservations.
 *
 * <p>It is also the circuit breaker of its hierarchy, by supervision: its strategy runs under a
 * restart-with-backoff supervisor (ticks wait in its mailbox while it restarts, none is lost) and
 * every failure that supervisor handles is reported to the entity ({@link FailureObserver}), where
 * it counts in the {@link CircuitBreaker}; too many failures open the breaker: SAFE mode (the
 * strategy is bypassed, risk approves only holds and reductions, working orders are cancelled)
 * until cool-down and a healthy period pass. A venue mismatch trips it at once. The
 * breaker's state and the operator's mode (paused, flattening, removed) are journaled by the order
 * actor and read back whenever the entity starts (restart, passivation, rebalance): a tripped
 * asset comes back tripped.
 */
public final class AssetEntity extends AbstractBehavior<AssetEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Asset");
  private static final Duration STATUS_ASK = Duration.ofSeconds(1);

  /** Durable: the replay clock, the feed, the admin API and the account may run on another node. */
  public sealed interface Command extends Durable {}

  /** The entity's own messages (from its children, adapters, its shard): never sent to another node. */
  private sealed interface Local extends Command, NoSerializationVerificationNeeded {}

  /**
   * A replay step: the venue's reports for the asset, its market, the account's state and the
   * operator's steering that take effect at this step; the decision is answered to {@code clock}.
   */
  public record Step(long step, MarketStep market, List<VenueReport> reports, long cash, AccountState account,
      List<Steering> steering, ActorRef<ReplayClock.Decided> clock, OrderActor.Legs legs) implements Command {}

  /** A replay starts over from its first step (a resumed run re-runs the venue). */
  public record StartOver(ActorRef<OrderActor.Started> replyTo) implements Command {}

  public record Verify(ActorRef<OrderActor.Verified> replyTo) implements Command {}

  /** A live market step for the asset, numbered by its {@link MarketRouter}. */
  public record Market(long number, MarketStep market) implements Command {}

  /** The feed's tick reached the time at which the breaker moves ({@link FeedActor.Route#wakeAt}). */
  record Clock(long time) implements Local {}

  /** What the shard sends before the entity moves or the node leaves (instead of stopping it outright). */
  private record Stop() implements Local {}

  private record Drained() implements Local {}

  /** The account's state changed (a live run). */
  public record Account(AccountState state) implements Command {}

  /** An operator's command for this asset, taken now (a live run). */
  public record Steer(Steering steering) implements Command {}

  /**
   * Opens the breaker at once and pauses the asset (e.g. the venue holds what its executions do not
   * explain): SAFE mode until an operator resumes it, since time alone does not make the holdings agree.
   */
  public record Trip(String reason, long time) implements Command {}

  public record GetStatus(ActorRef<AssetStatus> replyTo) implements Command {}

  public record GetBook(ActorRef<OrderActor.Book> replyTo) implements Command {}

  record OrdersRecovered(OrderActor.Recovered recovered) implements Local {}

  /** The strategy's supervisor restarts it after this failure. */
  private record StrategyFailed(Throwable cause) implements Local {}

  private record CountsReady(ActorRef<AssetStatus> replyTo, FeedActor.Counts counts) implements Local {}

  private record StatusReady(ActorRef<AssetStatus> replyTo, FeedActor.Counts counts, RiskActor.Decisions decisions)
      implements Local {}

  /**
   * What the asset's actors hold: breaker, mode, last decision, policy, the feed's counts and
   * freshness, and the risk limits its guard enforces.
   *
   * @param feed the feed's counts, last tick time, data age and feature row; null when it did not answer
   */
  public record AssetStatus(String asset, CircuitBreaker.State breaker, OrderActor.Mode mode, double lastTarget,
      Set<RiskRule> lastRules, long decisions, long strategyFailures, String policy, long maxStaleMs,
      FeedActor.Counts feed, RiskLimits limits) implements Durable {
    public boolean paused() {
      return mode.safe();
    }
  }

  /** What an asset publishes on its node's event stream, for alerts and metrics (local to the node). */
  public sealed interface AssetEvent extends NoSerializationVerificationNeeded {
    String asset();
  }

  public record BreakerEvent(String asset, CircuitBreaker.State state, long time, String cause) implements AssetEvent {}

  /** The strategy threw; {@code model} when it is a trained model's inference that failed. */
  public record PolicyFailed(String asset, long time, String error, boolean model) implements AssetEvent {}

  /** The asset now runs {@code policy} (a model version swapped in). */
  public record PolicyChanged(String asset, String policy) implements AssetEvent {}

  /** The venue holds what the asset's books do not explain (or a re-run differs from the journal): tripped. */
  public record ReconciliationMismatch(String asset, String detail) implements AssetEvent {}

  private final String asset;
  private final AssetSettings settings;
  private final CircuitBreaker breaker;
  private final PolicySlot policy;
  private final TrackedAssetView view;
  private final ActorRef<OrderActor.Command> orders;
  private final ActorRef<FeedActor.Command> feed;
  private final ActorRef<RiskActor.Command> risk;
  private final ActorRef<StrategyActor.Command> strategy;
  private final LocalFeeds feeds;
  private LocalFeeds.Route route;
  private long forwarded;
  private OrderActor.Mode mode = OrderActor.Mode.NORMAL;
  private AccountState account;
  private boolean safe;
  private long lastTime = Long.MIN_VALUE;
  private long failures;

  /** Registers the entity type (remembered entities) on this node; every node of the cluster calls it at start. */
  public static ActorRef<ShardingEnvelope<Command>> initSharding(ActorSystem<?> system, AssetSettings settings) {
    return ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), settings))
        .withStopMessage(new Stop())
        .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
  }

  public static Behavior<Command> create(String asset, AssetSettings settings) {
    return Behaviors.setup(context -> Behaviors.withStash(1_000,
        stash -> new AssetEntity(context, asset, settings).recovering(stash)));
  }

  private AssetEntity(ActorContext<Command> context, String asset, AssetSettings settings) {
    super(context);
    this.asset = asset;
    this.settings = settings;
    this.breaker = new CircuitBreaker(settings.breaker());
    this.policy = new PolicySlot(settings.strategy(), settings.policyName());
    int index = settings.trading().accountIndex(asset);
    this.view = new TrackedAssetView(AssetId.parse(asset), settings.modelPolicy() ? AssetFeed.HISTORY : 0);
    this.feed = context.spawn(Behaviors.supervise(FeedActor.create(asset, settings.trading().feed(index,
        settings.modelPolicy()), settings.maxStaleMs(), context.getSelf())).onFailure(SupervisorStrategy.restart()),
        "feed");
    this.feeds = LocalFeeds.get(context.getSystem());
    TradingLinks links = TradingLinks.get(context.getSystem());
    this.orders = context.spawn(OrderActor.create(asset, settings, context.getSelf(), feed, links.account(asset),
        links.gateway()), "orders");
    this.risk = context.spawn(Behaviors.supervise(RiskActor.create(new AssetRiskGuard(settings.limits()), orders))
        .onFailure(SupervisorStrategy.restart()), "risk");
    ActorRef<StrategyFailed> failures = context.messageAdapter(StrategyFailed.class, f -> f);
    this.strategy = context.spawn(Behaviors.supervise(Behaviors.intercept(() -> new FailureObserver<>(
        StrategyActor.Command.class, cause -> failures.tell(new StrategyFailed(cause))),
        StrategyActor.create(view, policy, risk)))
        .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)
            .withStashCapacity(64).withLoggingEnabled(false)), "strategy", // the entity logs each failure once
        settings.modelPolicy() ? DispatcherSelector.fromConfig(AssetSettings.MODEL_DISPATCHER)
            : DispatcherSelector.defaultDispatcher());
  }

  /** Until the order actor has read its journal back: breaker and mode are not known yet. */
  private Behavior<Command> recovering(StashBuffer<Command> stash) {
    return Behaviors.receive(Command.class)
        .onMessage(OrdersRecovered.class, recovered -> {
          restore(recovered.recovered());
          Behavior<Command> next = stash.unstashAll(this); // the steps that came meanwhile reach the feed first
          route = feeds.open(asset, feed, forwarded);
          return next;
        })
        .onMessage(Stop.class, this::onStop)
        .onMessage(StrategyFailed.class, failed -> {
          onStrategyFailed(failed);
          return Behaviors.same();
        })
        .onAnyMessage(other -> {
          if (stash.isFull()) {
            getContext().getLog().error("{}: {} messages waiting for the order journal; dropped {}", asset,
                stash.size(), other);
          } else {
            stash.stash(other);
          }
          return Behaviors.same();
        })
        .build();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Step.class, this::onStep)
        .onMessage(Market.class, this::onMarket)
        .onMessage(Clock.class, this::onClock)
        .onMessage(Account.class, this::onAccount)
        .onMessage(Steer.class, s -> {
          steer(s.steering(), lastTime);
          return this;
        })
        .onMessage(Trip.class, this::onTrip)
        .onMessage(StartOver.class, start -> {
          orders.tell(new OrderActor.StartOver(start.replyTo()));
          return this;
        })
        .onMessage(Verify.class, verify -> {
          orders.tell(new OrderActor.Verify(verify.replyTo()));
          return this;
        })
        .onMessage(OrdersRecovered.class, recovered -> {
          restore(recovered.recovered());
          return this;
        })
        .onMessage(StrategyFailed.class, this::onStrategyFailed)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(CountsReady.class, this::onCountsReady)
        .onMessage(StatusReady.class, this::onStatusReady)
        .onMessage(Stop.class, this::onStop)
        .onMessage(GetBook.class, get -> {
          orders.tell(new OrderActor.GetBook(get.replyTo()));
          return this;
        })
        .onSignal(PostStop.class, stopped -> {
          closeRoute(); // stopped without a Stop (a failure): senders go through sharding again
          return this;
        })
        .build();
  }

  private Behavior<Command> onStep(Step step) {
    for (Steering s : step.steering()) {
      steer(s, step.market().time());
    }
    if (!step.account().equals(account)) {
      account = step.account();
      risk.tell(new RiskActor.Account(account));
    }
    onTime(step.market().time());
    orders.tell(new OrderActor.Step(step.step(), step.market(), step.reports(), step.cash(), step.account(),
        step.clock(), step.legs()));
    return this;
  }

  /** A step that came through sharding: on to the feed, and counted so a sender knows when it may go direct. */
  private Behavior<Command> onMarket(Market market) {
    lastTime = Math.max(lastTime, market.market().time());
    feed.tell(new FeedActor.Market(market.number(), market.market()));
    forwarded = market.number();
    if (route != null) {
      route.forwarded = forwarded;
    }
    return this;
  }

  /** The feed waits with a tick until the breaker has moved to its time: move it, then route the feed again. */
  private Behavior<Command> onClock(Clock clock) {
    if (!onTime(clock.time())) {
      route();
    }
    return this;
  }

  /**
   * The shard stops this entity (a move, a rebalance, the node leaving): senders go through
   * sharding from now on (it buffers for the next incarnation), and the entity stops once its feed
   * has taken every step sent to it directly.
   */
  private Behavior<Command> onStop(Stop stop) {
    closeRoute();
    getContext().ask(FeedActor.Drained.class, feed, STATUS_ASK, FeedActor.Drain::new, (ok, failure) -> new Drained());
    return Behaviors.receive(Command.class)
        .onMessage(Drained.class, drained -> Behaviors.stopped())
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private void closeRoute() {
    if (route != null) {
      feeds.close(asset, route);
      route = null;
    }
  }

  private Behavior<Command> onAccount(Account update) {
    account = update.state();
    risk.tell(new RiskActor.Account(account));
    orders.tell(new OrderActor.Account(account));
    return this;
  }

  /** The breaker moves with the market's clock: open → half-open → closed; true when it moved. */
  private boolean onTime(long time) {
    lastTime = Math.max(lastTime, time);
    CircuitBreaker.State before = breaker.state();
    CircuitBreaker.State after = breaker.onTime(time);
    if (after != before) {
      transition(after, time, "timer"); // half-open: the strategy runs again, entries stay blocked
      return true;
    }
    return false;
  }

  private void steer(Steering s, long time) {
    if (s instanceof Steering.PauseAsset pause) {
      setMode(new OrderActor.Mode(true, mode.flattening(), mode.removed(), pause.reason()));
    } else if (s instanceof Steering.PauseNode pause) {
      setMode(new OrderActor.Mode(true, mode.flattening(), mode.removed(), pause.reason()));
    } else if (s instanceof Steering.FlattenAsset flatten) {
      setMode(new OrderActor.Mode(true, true, mode.removed(), "flatten: " + flatten.reason()));
    } else if (s instanceof Steering.RemoveAsset) {
      setMode(new OrderActor.Mode(true, true, true, "removed"));
    } else if (s instanceof Steering.AddAsset) {
      setMode(OrderActor.Mode.NORMAL);
    } else if (s instanceof Steering.ResumeAsset || s instanceof Steering.ResumeNode) {
      setMode(OrderActor.Mode.NORMAL);
      risk.tell(new RiskActor.ResumeEntries());
    } else if (s instanceof Steering.UseModel use) {
      usePolicy(use.model(), use.version());
    }
  }

  private void setMode(OrderActor.Mode next) {
    getContext().getLog().info("{}: {}", asset, next.safe() ? "SAFE mode (" + next.reason() + ")" : "resumed");
    mode = next;
    orders.tell(new OrderActor.SetMode(next));
    updateSafe();
  }

  private void updateSafe() {
    boolean now = mode.safe() || breaker.blocksEntries();
    if (now != safe) {
      safe = now;
      risk.tell(new RiskActor.Safe(now));
    }
  }

  private Behavior<Command> onTrip(Trip trip) {
    getContext().getLog().error("RECONCILIATION MISMATCH {}: {} — the asset goes to SAFE mode", asset, trip.reason());
    publish(new ReconciliationMismatch(asset, trip.reason()));
    setMode(new OrderActor.Mode(true, mode.flattening(), mode.removed(), "tripped: " + trip.reason()));
    if (breaker.state() != CircuitBreaker.State.OPEN) {
      breaker.open(trip.time());
      transition(CircuitBreaker.State.OPEN, trip.time(), trip.reason());
    }
    return this;
  }

  /** The journal's breaker and mode (a restart, a move, or a replay starting over). */
  private void restore(OrderActor.Recovered recovered) {
    CircuitBreaker.State state = CircuitBreaker.State.valueOf(recovered.breaker());
    breaker.restore(state, recovered.since());
    mode = recovered.mode();
    if (state != CircuitBreaker.State.CLOSED || mode.safe()) {
      getContext().getLog().warn("{}: recovered with breaker {} and mode {}", asset, state, mode);
      publish(new BreakerEvent(asset, state, recovered.since(), "recovered from the journal"));
    }
    route();
    updateSafe();
  }

  /** Ticks go to the strategy, or past it while the breaker is open; the feed wakes the entity when it moves next. */
  private void route() {
    feed.tell(new FeedActor.Route(strategy, breaker.state() == CircuitBreaker.State.OPEN, risk,
        breaker.nextChange()));
  }

  /**
   * Supervision saw the strategy fail (it restarts it after a backoff): the breaker counts it, then
   * the failed tick is answered with a hold, so its step ends after the breaker has seen it.
   */
  private Behavior<Command> onStrategyFailed(StrategyFailed failed) {
    failures++;
    Throwable cause = failed.cause();
    Checked checked = cause instanceof StrategyActor.StrategyFailure f ? f.checked : null;
    long time = checked != null ? checked.tick().time() : lastTime;
    String error = checked != null ? cause.getMessage() : cause.toString();
    getContext().getLog().warn("{}: strategy failed at {}: {}", asset, time, error);
    publish(new PolicyFailed(asset, time, error, settings.modelPolicy()));
    if (breaker.onFailure(time)) {
      transition(CircuitBreaker.State.OPEN, time, error);
    }
    if (checked != null) {
      risk.tell(new RiskActor.Propose(checked, Double.NaN));
    }
    return this;
  }

  private void transition(CircuitBreaker.State state, long time, String cause) {
    getContext().getLog().warn("{}: breaker {} ({})", asset, state, cause);
    orders.tell(new OrderActor.RecordBreaker(state.name(), time));
    publish(new BreakerEvent(asset, state, time, cause));
    route();
    updateSafe();
  }

  private void publish(AssetEvent event) {
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(event));
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    getContext().ask(FeedActor.Counts.class, feed, STATUS_ASK, FeedActor.GetCounts::new,
        (counts, failure) -> new CountsReady(get.replyTo(), counts));
    return this;
  }

  private Behavior<Command> onCountsReady(CountsReady ready) {
    getContext().ask(RiskActor.Decisions.class, risk, STATUS_ASK, RiskActor.GetDecisions::new,
        (decisions, failure) -> new StatusReady(ready.replyTo(), ready.counts(), decisions));
    return this;
  }

  private Behavior<Command> onStatusReady(StatusReady ready) {
    AssetDecision last = ready.decisions() == null ? null : ready.decisions().last();
    ready.replyTo().tell(new AssetStatus(asset, breaker.state(), mode, last == null ? 0 : last.target(),
        last == null ? Set.of() : last.triggered(), ready.decisions() == null ? 0 : ready.decisions().count(),
        failures, policy.current().label(), settings.maxStaleMs(), ready.counts(), settings.limits()));
    return this;
  }

  private void usePolicy(String model, String version) {
    String label = model + " " + version;
    try {
      policy.install(policies().policy(model, version), label);
    } catch (RuntimeException e) {
      getContext().getLog().error("{}: cannot swap in {}, keeping {}: {}", asset, label, policy.current().label(),
          e.getMessage());
      publish(new PolicyFailed(asset, lastTime, "cannot swap in " + label + ": " + e.getMessage(), true));
      return;
    }
    getContext().getLog().info("{}: policy {} from the next tick", asset, label);
    publish(new PolicyChanged(asset, label));
  }

  private PolicyLibrary policies() {
    return settings.policies();
  }
}
