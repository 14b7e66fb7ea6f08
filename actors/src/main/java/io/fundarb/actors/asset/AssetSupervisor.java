package io.fundarb.actors.asset;

import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.risk.AssetRiskGuard;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.trading.AssetTick;
import io.fundarb.engine.trading.TrackedAssetView;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One traded asset (spot leg + perp leg) as a Cluster Sharding entity keyed by its symbol:
 * spawns the feed, strategy, risk and order actors and acts as their circuit breaker. Ticks
 * flow feed → strategy → risk → node; a strategy that keeps failing opens the breaker, which
 * puts the asset in SAFE mode (the strategy is bypassed, risk approves only holds and
 * reductions, the node cancels the asset's working orders) until cool-down and a healthy
 * period have passed. Breaker transitions are journaled by the order actor.
 */
public final class AssetSupervisor extends AbstractBehavior<AssetSupervisor.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Asset");
  private static final java.time.Duration STATUS_ASK = java.time.Duration.ofSeconds(1);

  /** Durable: the desk may run on another cluster node than the asset's entity. */
  public sealed interface Command extends io.fundarb.actors.serialization.Durable {}

  /** The end of a clock step for this asset; the decision goes to {@code replyTo}. */
  public record Tick(AssetTick tick, NodeRiskState node, ActorRef<AssetDecision> replyTo) implements Command {}

  /** Manual pause: SAFE mode until {@link Resume}. */
  public record Pause(String reason) implements Command {}

  /**
   * Opens the breaker at once and pauses the asset (e.g. the venue holds what its executions do
   * not explain): SAFE mode until an operator resumes it, since a cool-down alone would not make
   * the holdings agree again.
   */
  public record Trip(String reason, long time) implements Command {}

  /** Lifts a manual pause and a losing-streak halt. */
  public record Resume() implements Command {}

  public record GetStatus(ActorRef<AssetStatus> replyTo) implements Command {}

  /** An execution report for the asset's journal. */
  public record Journal(OrderActor.Event event) implements Command {}

  public record GetBook(ActorRef<OrderActor.Book> replyTo) implements Command {}

  /**
   * From the next tick on, run {@code version} of {@code model} from the node's policy library (a
   * fresh strategy; the market history stays). A version that cannot be loaded leaves the running
   * policy in place and is reported as a model failure.
   */
  public record UsePolicy(String model, String version) implements Command {}

  record StrategyFailed(long time, String error) implements Command {}

  record Decided(AssetDecision decision) implements Command {}

  /** The feed gate's counts for a status request ({@code null} when the gate did not answer). */
  record CountsReady(ActorRef<AssetStatus> replyTo, FeedActor.Counts ticks) implements Command {}

  /**
   * What the asset's actors hold: breaker, last decision, policy, the feed's freshness and the
   * risk limits its guard enforces.
   *
   * @param lastTickTime the last tick's clock time (0 before the first)
   * @param dataAgeMs the age of the newest market data behind that tick's prices
   * @param maxStaleMs older data than this is not traded on (the feed gate drops the tick)
   * @param ticks the feed gate's counts, or null when it did not answer in time
   */
  public record AssetStatus(String asset, CircuitBreaker.State breaker, boolean paused, double lastTarget,
      Set<RiskRule> lastRules, long decisions, long strategyFailures, String policy, long lastTickTime,
      long dataAgeMs, long maxStaleMs, FeedActor.Counts ticks, RiskLimits limits)
      implements io.fundarb.actors.serialization.Durable {}

  /** What an asset publishes on the system event stream, for alerts and metrics. */
  public sealed interface AssetEvent {
    String asset();
  }

  public record BreakerEvent(String asset, CircuitBreaker.State state, long time, String cause) implements AssetEvent {}

  /** The strategy threw; {@code model} when it is a trained model's inference that failed. */
  public record PolicyFailed(String asset, long time, String error, boolean model) implements AssetEvent {}

  /** The asset now runs {@code policy} (a model version swapped in). */
  public record PolicyChanged(String asset, String policy) implements AssetEvent {}

  private final String asset;
  private final CircuitBreaker breaker;
  private final ActorRef<FeedActor.Command> feed;
  private final ActorRef<RiskActor.Command> risk;
  private final ActorRef<OrderActor.Command> orders;
  private final boolean modelPolicy;
  private final PolicyLibrary policies;
  private final PolicySlot policy;
  private final RiskLimits limits;
  private final long maxStaleMs;
  private long lastTime;
  private long lastDataAgeMs;
  private boolean paused;
  private AssetDecision last;
  private long decisions;
  private long failures;

  /** Registers the entity type on this node; every node of the cluster calls it at start. */
  public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> initSharding(
      org.apache.pekko.actor.typed.ActorSystem<?> system, AssetSettings settings) {
    return ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), settings)));
  }

  public static Behavior<Command> create(String asset, AssetSettings settings) {
    return Behaviors.setup(context -> new AssetSupervisor(context, asset, settings));
  }

  private AssetSupervisor(ActorContext<Command> context, String asset, AssetSettings settings) {
    super(context);
    this.asset = asset;
    this.breaker = new CircuitBreaker(settings.breaker());
    this.modelPolicy = settings.modelPolicy();
    this.policies = settings.policies();
    this.policy = new PolicySlot(settings.strategy(), settings.policyName());
    this.limits = settings.limits();
    this.maxStaleMs = settings.maxStaleMs();
    ActorRef<Command> self = context.getSelf();
    this.orders = context.spawn(OrderActor.create(asset), "orders");
    this.risk = context.spawn(Behaviors.supervise(RiskActor.create(new AssetRiskGuard(settings.limits()), self))
        .onFailure(SupervisorStrategy.restart()), "risk");
    TrackedAssetView view = new TrackedAssetView(AssetId.parse(asset),
        settings.modelPolicy() ? ReplayAccount.FEATURE_HISTORY : 0);
    ActorRef<StrategyActor.Command> strategy = context.spawn(
        Behaviors.supervise(StrategyActor.create(view, policy, risk, self))
            .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)
                .withStashCapacity(64)),
        "strategy", settings.modelPolicy() ? DispatcherSelector.fromConfig(AssetSettings.MODEL_DISPATCHER)
            : DispatcherSelector.defaultDispatcher());
    this.feed = context.spawn(FeedActor.create(strategy, risk, settings.maxStaleMs()), "feed");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, this::onTick)
        .onMessage(StrategyFailed.class, this::onStrategyFailed)
        .onMessage(Decided.class, this::onDecided)
        .onMessage(Pause.class, this::onPause)
        .onMessage(Trip.class, this::onTrip)
        .onMessage(Resume.class, this::onResume)
        .onMessage(Journal.class, this::onJournal)
        .onMessage(GetBook.class, this::onGetBook)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(CountsReady.class, this::onCountsReady)
        .onMessage(UsePolicy.class, this::onUsePolicy)
        .build();
  }

  private Behavior<Command> onTick(Tick tick) {
    long now = tick.tick().time();
    lastTime = now;
    lastDataAgeMs = tick.tick().ageMs();
    CircuitBreaker.State before = breaker.state();
    CircuitBreaker.State after = breaker.onTime(now);
    if (after != before) {
      transition(after, now, "timer");
    }
    boolean safe = paused || breaker.blocksEntries();
    NodeRiskState node = new NodeRiskState(tick.node().killed(), tick.node().dailyLossHit(), safe);
    Tick routed = new Tick(tick.tick(), node, tick.replyTo());
    if (breaker.state() == CircuitBreaker.State.OPEN) {
      risk.tell(new RiskActor.Propose(routed, tick.tick().hedgeRatio())); // open: bypass the strategy, hold
    } else {
      feed.tell(new FeedActor.Check(routed));
    }
    return this;
  }

  private Behavior<Command> onStrategyFailed(StrategyFailed failed) {
    failures++;
    getContext().getLog().warn("{}: strategy failed at {}: {}", asset, failed.time(), failed.error());
    publish(new PolicyFailed(asset, failed.time(), failed.error(), modelPolicy));
    if (breaker.onFailure(failed.time())) {
      transition(CircuitBreaker.State.OPEN, failed.time(), failed.error());
    }
    return this;
  }

  private void transition(CircuitBreaker.State state, long time, String cause) {
    getContext().getLog().warn("{}: breaker {} ({})", asset, state, cause);
    orders.tell(new OrderActor.Record(new OrderActor.BreakerChanged(state.name(), time)));
    publish(new BreakerEvent(asset, state, time, cause));
  }

  private void publish(AssetEvent event) {
    getContext().getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(event));
  }

  private Behavior<Command> onDecided(Decided decided) {
    last = decided.decision();
    decisions++;
    return this;
  }

  private Behavior<Command> onPause(Pause pause) {
    getContext().getLog().info("{}: paused ({})", asset, pause.reason());
    paused = true;
    return this;
  }

  private Behavior<Command> onTrip(Trip trip) {
    paused = true;
    if (breaker.state() != CircuitBreaker.State.OPEN) {
      breaker.open(trip.time());
      transition(CircuitBreaker.State.OPEN, trip.time(), trip.reason());
    }
    return this;
  }

  private Behavior<Command> onResume(Resume resume) {
    paused = false;
    risk.tell(new RiskActor.ResumeEntries());
    return this;
  }

  private Behavior<Command> onJournal(Journal journal) {
    orders.tell(new OrderActor.Record(journal.event()));
    return this;
  }

  private Behavior<Command> onGetBook(GetBook get) {
    orders.tell(new OrderActor.GetBook(get.replyTo()));
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    getContext().ask(FeedActor.Counts.class, feed, STATUS_ASK, FeedActor.GetCounts::new,
        (counts, failure) -> new CountsReady(get.replyTo(), counts));
    return this;
  }

  private Behavior<Command> onCountsReady(CountsReady ready) {
    ready.replyTo().tell(new AssetStatus(asset, breaker.state(), paused, last == null ? 0 : last.target(),
        last == null ? Set.of() : last.triggered(), decisions, failures, policy.current().label(), lastTime,
        lastDataAgeMs, maxStaleMs, ready.ticks(), limits));
    return this;
  }

  private Behavior<Command> onUsePolicy(UsePolicy use) {
    String label = use.model() + " " + use.version();
    try {
      policy.install(policies.policy(use.model(), use.version()), label);
    } catch (RuntimeException e) {
      getContext().getLog().error("{}: cannot swap in {}, keeping {}: {}", asset, label, policy.current().label(),
          e.getMessage());
      publish(new PolicyFailed(asset, lastTime, "cannot swap in " + label + ": " + e.getMessage(), true));
      return this;
    }
    getContext().getLog().info("{}: policy {} from the next tick", asset, label);
    publish(new PolicyChanged(asset, label));
    return this;
  }
}
