package io.fundarb.actors.node;

import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.PortfolioNotionalCap;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.trading.FeatureRow;
import io.fundarb.engine.venue.RestingOrder;
import io.fundarb.actors.asset.OrderActor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The node's portfolio actor over a replayed market: it owns the account (simulated venue and
 * books, advanced by the replay clock), sends every active asset its tick each step, waits for
 * every decision (or the step timeout), applies the cross-asset limits (portfolio notional cap,
 * daily loss budget, kill switch) and executes the approved targets in asset order, exactly as
 * the backtester does. Only the clock and the venue differ between replay, paper and live.
 */
public final class ReplayDesk extends AbstractBehavior<ReplayDesk.Command> {
  public sealed interface Command {}

  /**
   * An operator's command: kill switch (flatten everything whatever the strategies say, then
   * stop), add an asset that has data on this node, remove one (flatten, no more ticks), pause
   * (SAFE mode) or resume one. It takes effect at the start of the next step and is journaled
   * with that step, so a restarted node re-applies it exactly where it happened. The reply says
   * so, or why it was refused.
   */
  public record Steer(DeskJournal.Steering steering, ActorRef<SteerReply> replyTo) implements Command {}

  /** The desk's answer to a {@link Steer}: accepted (for the next step), or refused and why. */
  public sealed interface SteerReply {
    String detail();

    record Accepted(String detail) implements SteerReply {}

    record UnknownAsset(String detail) implements SteerReply {}

    record Refused(String detail) implements SteerReply {}
  }

  /** The node's risk state: the tunable limits now and their configured ceiling, and what is in force. */
  public record GetRisk(ActorRef<RiskView> replyTo) implements Command {}

  public record RiskView(TunableLimits limits, TunableLimits ceiling, boolean killed, boolean dailyLossSpent,
      double todayReturn, List<String> flattening) {}

  /** Orders resting at the venue and the most recent execution reports. */
  public record GetOrders(ActorRef<OrdersView> replyTo) implements Command {}

  public record OrdersView(List<RestingOrder> open, List<OrderJournal.Recent> recent) {}

  /** Every asset's position per leg, P&amp;L and funding, at the current step. */
  public record GetPositions(ActorRef<List<Position>> replyTo) implements Command {}

  /**
   * An asset's holdings (Fixed: quantities signed, prices and money in USDT).
   *
   * @param marginRatio the perp leg's maintenance margin over its margin balance (0 when flat; the risk
   *     rules' margin limit compares against it)
   * @param pnl the asset's P&amp;L since start (realised + unrealised + funding - fees)
   * @param features the asset's last feature row (columns as {@link io.fundarb.engine.features.Feature})
   */
  public record Position(String asset, long spotQuantity, long perpQuantity, long spotPrice, long perpMark,
      double hedgeRatio, double marginRatio, long pnl, long funding, long fees, FeatureRow features) {}

  /** What the desk publishes on the system event stream, for alerts and metrics. */
  public sealed interface DeskEvent {}

  public record KillSwitchOn(String reason, long step, long time) implements DeskEvent {}

  /** The daily loss budget became spent ({@code spent}) or renewed. */
  public record DailyLossBudgetChanged(boolean spent, long step, long time, long equity) implements DeskEvent {}

  public record ReconciliationMismatch(String asset, String detail) implements DeskEvent {}

  public record JournalFailure(String journal, String detail) implements DeskEvent {}

  public record DecisionsMissed(long step, int assets) implements DeskEvent {}

  public record LimitChanged(String limit, double from, double to, long step) implements DeskEvent {}

  /** Every asset was told to run {@code version} of {@code model} from {@code step}. */
  public record ModelChanged(String model, String version, long step) implements DeskEvent {}

  public record GetStatus(ActorRef<NodeStatus> replyTo) implements Command {}

  /** The assets this node has data for, and whether each is receiving ticks. */
  public record GetAssets(ActorRef<Map<String, Boolean>> replyTo) implements Command {}

  record NextStep() implements Command {}

  /** A live feed offered a step (or ended) while the desk was waiting for one. */
  private record MarketArrived() implements Command {}

  record Decided(AssetDecision decision) implements Command {}

  record StepTimedOut(long step) implements Command {}

  private record LogLoaded(DeskJournal.Log log) implements Command {}

  private record BookLoaded(String asset, OrderActor.Book book) implements Command {}

  private record RecoveryFailed(String reason) implements Command {}

  /** An asset's order journal answered after every report sent to it: its writes are done. */
  private record Flushed(String asset, OrderActor.Book book, String error) implements Command {}

  /** {@code recovering}: re-running the venue to where the journal says the node stopped. */
  public record NodeStatus(long step, long time, long equity, int activeAssets, boolean killed,
      boolean dailyLossHit, long missedDecisions, long liquidations, boolean recovering, boolean finished) {}

  /**
   * How a restart went: steps re-run to catch up with the journal, order events found in the
   * journals (not written again), order events the crash had not journaled (written now), and
   * mismatches (each put its asset in SAFE mode).
   */
  public record Recovery(long replayedSteps, long matchedEvents, long rewrittenEvents, List<String> mismatches) {
    public static final Recovery NONE = new Recovery(0, 0, 0, List.of());
  }

  /** Sent once when the replay ends (data exhausted, or killed and flat). */
  public record Finished(BacktestResult result, String reason, long missedDecisions, Recovery recovery) {}

  private static final Object TIMEOUT_KEY = "step-timeout";
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
  private static final long PROGRESS_EVERY_MS = 1_000;

  private final ReplayAccount account;
  private final OrderJournal orders;
  private final NodeSettings settings;
  private final Function<String, RecipientRef<AssetSupervisor.Command>> assets;
  private final ActorRef<Finished> onFinished;
  private final ActorRef<DeskJournal.Command> journal;
  private final TimerScheduler<Command> timers;
  private final ActorRef<AssetDecision> decisions;
  private final DailyLossBudget dailyLoss;
  private final TunableLimits ceiling;
  private final StepLatency latency;
  private long fannedOutAt;
  private TunableLimits limits;
  private boolean lossSpent;
  private final String[] ids;
  private final boolean[] active;
  private final boolean[] removed;
  private final boolean[] flattening;
  private final AssetDecision[] pending;
  private final NavigableMap<Long, List<DeskJournal.Steering>> steering = new TreeMap<>();
  private final long catchUpTo;
  private boolean catchingUp;
  private Recovery recovery = Recovery.NONE;
  private final List<String> mismatches = new ArrayList<>();
  private long lastProgressWall;
  private int waiting;
  private long step;
  private long time;
  private boolean killed;
  private boolean finished;
  private long missed;
  private String finishReason;
  private long paceOriginWall;
  private long paceOriginTime;
  private int flushing;
  /** Waiting for a live feed's next step. */
  private boolean idle;

  /**
   * Recovers from the journals (the desk's and every asset's order book), then runs: a fresh
   * journal starts at the first step; otherwise the desk re-runs the deterministic venue as fast
   * as it can to where the journal says it stopped, reconciling every order with the journals,
   * and continues from there at the configured speed.
   *
   * @param assets the entity reference for an asset id (sharding on a node, a plain child in tests)
   * @param orders the sink of the account's execution reports (see {@link #reportsTo})
   */
  public static Behavior<Command> create(ReplayAccount account, OrderJournal orders, NodeSettings settings,
      TunableLimits ceiling, Function<String, RecipientRef<AssetSupervisor.Command>> assets, StepLatency latency,
      ActorRef<Finished> onFinished) {
    return Behaviors.setup(context -> Behaviors.withStash(1_000, stash -> Behaviors.withTimers(timers -> {
      ActorRef<DeskJournal.Command> journal = context.spawn(DeskJournal.create(), "journal");
      context.ask(DeskJournal.Log.class, journal, RECOVERY_TIMEOUT, DeskJournal.GetLog::new,
          (log, error) -> log != null ? new LogLoaded(log) : new RecoveryFailed("desk journal: " + error));
      Universe universe = account.universe();
      for (int a = 0; a < universe.assetCount(); a++) {
        String id = universe.pair(a).asset().toString();
        context.ask(OrderActor.Book.class, assets.apply(id), RECOVERY_TIMEOUT, AssetSupervisor.GetBook::new,
            (book, error) -> book != null ? new BookLoaded(id, book)
                : new RecoveryFailed("order journal of " + id + ": " + error));
      }
      Map<String, OrderActor.Book> books = new HashMap<>();
      DeskJournal.Log[] log = new DeskJournal.Log[1];
      java.util.function.Supplier<ReplayDesk> desk = () -> new ReplayDesk(context, timers, journal, account, orders,
          settings, ceiling, assets, latency, onFinished, log[0], books);
      return Behaviors.receive(Command.class)
          .onMessage(LogLoaded.class, loaded -> {
            log[0] = loaded.log();
            return startWhenLoaded(log[0], books, universe.assetCount(), stash, desk);
          })
          .onMessage(BookLoaded.class, loaded -> {
            books.put(loaded.asset(), loaded.book());
            return startWhenLoaded(log[0], books, universe.assetCount(), stash, desk);
          })
          .onMessage(RecoveryFailed.class, failed -> {
            context.getLog().error("cannot start: {}", failed.reason());
            publish(context, new JournalFailure("recovery", failed.reason()));
            onFinished.tell(new Finished(account.result(), "recovery failed: " + failed.reason(), 0, Recovery.NONE));
            return Behaviors.stopped();
          })
          .onAnyMessage(other -> {
            stash.stash(other);
            return Behaviors.same();
          })
          .build();
    })));
  }

  private static Behavior<Command> startWhenLoaded(DeskJournal.Log log, Map<String, OrderActor.Book> books, int assets,
      StashBuffer<Command> stash, java.util.function.Supplier<ReplayDesk> desk) {
    return log == null || books.size() < assets ? Behaviors.same() : stash.unstashAll(desk.get());
  }

  /** The order journal that execution reports go to: build the account with it (as a listener). */
  public static OrderJournal reportsTo(Function<String, RecipientRef<AssetSupervisor.Command>> assets) {
    return new OrderJournal((asset, event) -> assets.apply(asset).tell(new AssetSupervisor.Journal(event)));
  }

  /** The account's execution listener: reports to {@code orders}; liquidations are logged. */
  public static io.fundarb.engine.venue.ExecutionListener listener(OrderJournal orders) {
    return new JournalingListener(orders,
        liquidation -> org.slf4j.LoggerFactory.getLogger(ReplayDesk.class).error("LIQUIDATION {}", liquidation));
  }

  private ReplayDesk(ActorContext<Command> context, TimerScheduler<Command> timers,
      ActorRef<DeskJournal.Command> journal, ReplayAccount account, OrderJournal orders, NodeSettings settings,
      TunableLimits ceiling, Function<String, RecipientRef<AssetSupervisor.Command>> assets, StepLatency latency,
      ActorRef<Finished> onFinished, DeskJournal.Log log, Map<String, OrderActor.Book> books) {
    super(context);
    this.timers = timers;
    this.journal = journal;
    this.account = account;
    this.orders = orders;
    this.settings = settings;
    this.assets = assets;
    this.onFinished = onFinished;
    this.decisions = context.messageAdapter(AssetDecision.class, Decided::new);
    this.ceiling = ceiling;
    this.latency = latency;
    this.limits = ceiling;
    this.dailyLoss = new DailyLossBudget(ceiling.maxDailyLoss());
    Universe universe = account.universe();
    int n = universe.assetCount();
    this.ids = new String[n];
    this.active = new boolean[n];
    this.removed = new boolean[n];
    this.flattening = new boolean[n];
    this.pending = new AssetDecision[n];
    for (int a = 0; a < n; a++) {
      ids[a] = universe.pair(a).asset().toString();
      active[a] = true;
    }
    Map<String, OrderActor.Trail> trails = new HashMap<>();
    books.forEach((asset, book) -> trails.put(asset, book.trail()));
    orders.recovered(trails);
    for (DeskJournal.Steered s : log.steering()) {
      steering.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(s.steering());
    }
    this.catchUpTo = log.lastStep();
    this.catchingUp = !log.isEmpty() || !orders.caughtUp();
    if (catchingUp) {
      context.getLog().info("journal found: re-running the venue to step {} and reconciling {} asset journal(s)",
          catchUpTo, books.size());
    }
    if (account.isLive()) {
      ActorRef<Command> self = context.getSelf();
      account.onMarketArrival(() -> self.tell(new MarketArrived()));
    }
    context.getSelf().tell(new NextStep());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NextStep.class, this::onNextStep)
        .onMessage(MarketArrived.class, this::onMarketArrived)
        .onMessage(Decided.class, this::onDecided)
        .onMessage(StepTimedOut.class, this::onStepTimedOut)
        .onMessage(Steer.class, this::onSteer)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(GetAssets.class, this::onGetAssets)
        .onMessage(GetRisk.class, this::onGetRisk)
        .onMessage(GetOrders.class, this::onGetOrders)
        .onMessage(GetPositions.class, this::onGetPositions)
        .onMessage(Flushed.class, this::onFlushed)
        .build();
  }

  private Behavior<Command> onNextStep(NextStep next) {
    if (finished) {
      return this;
    }
    if (account.ended() || (killed && !account.portfolio().inMarket())) {
      return finish(killed ? "killed and flat" : "end of data");
    }
    if (!account.hasNext()) {
      idle = true; // a live feed has not closed the next step yet
      return this;
    }
    time = account.advance();
    step = account.step();
    List<DeskJournal.Steering> due = steering.remove(step);
    if (due != null) {
      due.forEach(this::apply);
    }
    boolean spent = dailyLoss.update(time, account.equityNow());
    if (spent != lossSpent) {
      lossSpent = spent;
      publish(new DailyLossBudgetChanged(spent, step, time, account.equityNow()));
    }
    NodeRiskState node = new NodeRiskState(killed, spent, false);
    Arrays.fill(pending, null);
    waiting = 0;
    fannedOutAt = System.nanoTime();
    for (int a = 0; a < ids.length; a++) {
      if (active[a]) {
        waiting++;
        assets.apply(ids[a]).tell(new AssetSupervisor.Tick(account.tick(a), node, decisions));
      }
    }
    if (waiting == 0) {
      completeStep();
    } else {
      timers.startSingleTimer(TIMEOUT_KEY, new StepTimedOut(step), settings.stepTimeout());
    }
    return this;
  }

  private Behavior<Command> onMarketArrived(MarketArrived arrived) {
    account.deliverOutcomes(); // fills land in the books now, not a step later
    breakOnVenueMismatches();
    if (!idle) {
      return this; // stepping already: the step is taken when the current one completes
    }
    idle = false;
    return onNextStep(new NextStep());
  }

  private Behavior<Command> onDecided(Decided decided) {
    AssetDecision d = decided.decision();
    int a = index(d.asset());
    if (d.step() != step || a < 0 || pending[a] != null || !active[a]) {
      return this; // late answer to a step that already timed out
    }
    pending[a] = d;
    if (--waiting == 0) {
      timers.cancel(TIMEOUT_KEY);
      completeStep();
    }
    return this;
  }

  private Behavior<Command> onStepTimedOut(StepTimedOut timedOut) {
    if (timedOut.step() == step && waiting > 0) {
      missed += waiting;
      publish(new DecisionsMissed(step, waiting));
      getContext().getLog().warn("step {}: {} asset(s) did not answer within {}; holding their targets", step, waiting,
          settings.stepTimeout());
      waiting = 0;
      completeStep();
    }
    return this;
  }

  private void completeStep() {
    if (!catchingUp) {
      latency.record(System.nanoTime() - fannedOutAt);
    }
    int n = ids.length;
    double[] targets = new double[n];
    double[] current = new double[n];
    double[] notional = new double[n];
    for (int a = 0; a < n; a++) {
      current[a] = account.trader().view(a).hedgeRatio();
      notional[a] = Fixed.toDouble(account.trader().maxNotional(a));
      targets[a] = killed || removed[a] || flattening[a] ? 0
          : pending[a] == null || pending[a].holds() ? Double.NaN : pending[a].target();
      targets[a] = capPosition(targets[a], current[a]);
    }
    PortfolioNotionalCap.apply(targets, current, notional, limits.maxPortfolio());
    for (int a = 0; a < n; a++) {
      if (killed || removed[a] || flattening[a] || pending[a] != null && pending[a].safeMode()) {
        account.cancelWorking(a); // an order sized for an earlier target must not keep adding exposure
      }
      if (Double.isNaN(targets[a])) {
        account.hold(a);
      } else {
        account.setTarget(a, targets[a]);
      }
    }
    account.record(time);
    afterStep();
    long wait = catchingUp || settings.speed() == 0 || account.isLive() ? 0 : paceWaitMs();
    if (wait <= 0) {
      getContext().getSelf().tell(new NextStep());
    } else {
      timers.startSingleTimer(new NextStep(), Duration.ofMillis(wait));
    }
  }

  /** The operator's max-position: a target above it is cut, and so is a held position above it. */
  private double capPosition(double target, double current) {
    double cap = limits.maxPosition();
    double wanted = Double.isNaN(target) ? current : target;
    if (Math.abs(wanted) <= cap) {
      return target;
    }
    return Math.copySign(cap, wanted);
  }

  /**
   * Wall milliseconds until the next step is due at the configured speed, measured from a fixed
   * origin so that timer granularity and step work do not add up to a drift.
   */
  private long paceWaitMs() {
    long wallNow = System.currentTimeMillis();
    if (paceOriginWall == 0) {
      paceOriginWall = wallNow;
      paceOriginTime = time;
    }
    if (account.nextTime() == Long.MAX_VALUE) {
      return 0;
    }
    return paceOriginWall + (long) ((account.nextTime() - paceOriginTime) / settings.speed()) - wallNow;
  }

  /** Reconciliation findings, the end of a catch-up, and the progress mark in the desk journal. */
  private void afterStep() {
    orders.drainMismatches().forEach(this::onMismatch);
    breakOnVenueMismatches();
    if (catchingUp && step >= catchUpTo && orders.caughtUp()) {
      endCatchUp();
    }
    long now = System.currentTimeMillis();
    if (!catchingUp && now - lastProgressWall >= PROGRESS_EVERY_MS) {
      lastProgressWall = now;
      journal.tell(new DeskJournal.Record(new DeskJournal.Progressed(step)));
    }
  }

  private void endCatchUp() {
    catchingUp = false;
    orders.unmatched().forEach(this::onMismatch);
    recovery = new Recovery(step, orders.matched(), orders.written(), List.copyOf(mismatches));
    getContext().getLog().info("recovered: re-ran {} steps; {} order events matched the journals, {} the crash had not"
        + " journaled were written; {} mismatch(es)", step, recovery.matchedEvents(), recovery.rewrittenEvents(),
        mismatches.size());
  }

  /** A connected venue's reconciliation: its holdings differ from the node's executions. */
  private void breakOnVenueMismatches() {
    account.venueMismatches().forEach(m -> breakOnMismatch(m.asset(), "venue holds " + Fixed.toString(m.actual())
        + " on the " + m.leg() + " leg, the node's executions " + Fixed.toString(m.expected())));
  }

  private void onMismatch(OrderJournal.Mismatch mismatch) {
    breakOnMismatch(mismatch.asset(), mismatch.detail());
  }

  private void breakOnMismatch(String asset, String detail) {
    mismatches.add(asset + ": " + detail);
    getContext().getLog().error("RECONCILIATION MISMATCH {}: {} — the asset goes to SAFE mode", asset, detail);
    publish(new ReconciliationMismatch(asset, detail));
    assets.apply(asset).tell(new AssetSupervisor.Trip("reconciliation mismatch: " + detail, time));
  }

  private Behavior<Command> onSteer(Steer steer) {
    DeskJournal.Steering s = steer.steering();
    if (finished) {
      steer.replyTo().tell(new SteerReply.Refused("the run has finished (" + finishReason + "): nothing left to steer"));
      return this;
    }
    String asset = assetOf(s);
    if (asset != null && index(asset) < 0) {
      steer.replyTo().tell(new SteerReply.UnknownAsset(
          "unknown asset " + asset + ": this node has data for " + String.join(", ", ids)));
      return this;
    }
    if (s instanceof DeskJournal.SetLimit set) {
      try {
        limits.with(TunableLimits.Name.parse(set.limit()), set.value(), ceiling); // refused now, not at the step
      } catch (IllegalArgumentException e) {
        steer.replyTo().tell(new SteerReply.Refused(e.getMessage()));
        return this;
      }
    }
    long at = step + 1;
    steering.computeIfAbsent(at, k -> new ArrayList<>()).add(s);
    journal.tell(new DeskJournal.Record(new DeskJournal.Steered(at, s)));
    steer.replyTo().tell(new SteerReply.Accepted(describe(s) + " at step " + at));
    return this;
  }

  private void apply(DeskJournal.Steering s) {
    if (s instanceof DeskJournal.Kill kill) {
      getContext().getLog().error("KILL SWITCH: {} — flattening every asset, then stopping", kill.reason());
      killed = true;
      publish(new KillSwitchOn(kill.reason(), step, time));
      return;
    }
    if (s instanceof DeskJournal.SetLimit set) {
      setLimit(TunableLimits.Name.parse(set.limit()), set.value());
      return;
    }
    if (s instanceof DeskJournal.UseModel use) {
      for (String id : ids) {
        assets.apply(id).tell(new AssetSupervisor.UsePolicy(use.model(), use.version()));
      }
      getContext().getLog().warn("{} at step {}", describe(s), step);
      publish(new ModelChanged(use.model(), use.version(), step));
      return;
    }
    if (s instanceof DeskJournal.PauseNode || s instanceof DeskJournal.ResumeNode) {
      for (int a = 0; a < ids.length; a++) {
        steerAsset(a, s instanceof DeskJournal.PauseNode pause ? new DeskJournal.PauseAsset(ids[a], pause.reason())
            : new DeskJournal.ResumeAsset(ids[a]));
      }
      getContext().getLog().info("{} at step {}", describe(s), step);
      return;
    }
    steerAsset(index(assetOf(s)), s);
    getContext().getLog().info("{} at step {}", describe(s), step);
  }

  private void steerAsset(int a, DeskJournal.Steering s) {
    if (s instanceof DeskJournal.AddAsset) {
      active[a] = true;
      removed[a] = false;
    } else if (s instanceof DeskJournal.RemoveAsset) {
      active[a] = false;
      removed[a] = true;
    } else if (s instanceof DeskJournal.PauseAsset pause) {
      assets.apply(ids[a]).tell(new AssetSupervisor.Pause(pause.reason()));
    } else if (s instanceof DeskJournal.FlattenAsset flatten) {
      flattening[a] = true;
      assets.apply(ids[a]).tell(new AssetSupervisor.Pause("flatten: " + flatten.reason()));
    } else {
      flattening[a] = false;
      assets.apply(ids[a]).tell(new AssetSupervisor.Resume());
    }
  }

  private void setLimit(TunableLimits.Name name, double value) {
    double from = limits.get(name);
    limits = limits.with(name, value, ceiling);
    if (name == TunableLimits.Name.MAX_DAILY_LOSS) {
      dailyLoss.setMaxLoss(value);
    }
    getContext().getLog().warn("risk limit {} changed from {} to {} at step {}", name.key(), from, value, step);
    publish(new LimitChanged(name.key(), from, value, step));
  }

  private void publish(DeskEvent event) {
    publish(getContext(), event);
  }

  private static void publish(ActorContext<?> context, DeskEvent event) {
    context.getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(event));
  }

  private static String assetOf(DeskJournal.Steering s) {
    if (s instanceof DeskJournal.AddAsset add) {
      return add.asset();
    } else if (s instanceof DeskJournal.RemoveAsset remove) {
      return remove.asset();
    } else if (s instanceof DeskJournal.PauseAsset pause) {
      return pause.asset();
    } else if (s instanceof DeskJournal.ResumeAsset resume) {
      return resume.asset();
    } else if (s instanceof DeskJournal.FlattenAsset flatten) {
      return flatten.asset();
    }
    return null;
  }

  private static String describe(DeskJournal.Steering s) {
    if (s instanceof DeskJournal.Kill kill) {
      return "kill switch (" + kill.reason() + ")";
    } else if (s instanceof DeskJournal.AddAsset) {
      return "adding " + assetOf(s);
    } else if (s instanceof DeskJournal.RemoveAsset) {
      return "removing " + assetOf(s) + " (flatten, no more ticks)";
    } else if (s instanceof DeskJournal.PauseAsset pause) {
      return "pausing " + pause.asset() + " (" + pause.reason() + ")";
    } else if (s instanceof DeskJournal.FlattenAsset flatten) {
      return "flattening " + flatten.asset() + " (" + flatten.reason() + ") until resumed";
    } else if (s instanceof DeskJournal.PauseNode pause) {
      return "pausing every asset (" + pause.reason() + ")";
    } else if (s instanceof DeskJournal.ResumeNode) {
      return "resuming every asset";
    } else if (s instanceof DeskJournal.SetLimit set) {
      return "setting " + set.limit() + " to " + set.value();
    } else if (s instanceof DeskJournal.UseModel use) {
      return "running " + use.model() + " " + use.version() + " on every asset";
    }
    return "resuming " + assetOf(s);
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    int count = 0;
    for (boolean on : active) {
      count += on ? 1 : 0;
    }
    get.replyTo().tell(new NodeStatus(step, time, account.equityNow(), count, killed, dailyLoss.spent(), missed,
        account.portfolio().ledger().liquidations(), catchingUp, finished));
    return this;
  }

  private Behavior<Command> onGetAssets(GetAssets get) {
    Map<String, Boolean> assets = new java.util.LinkedHashMap<>();
    for (int a = 0; a < ids.length; a++) {
      assets.put(ids[a], active[a]);
    }
    get.replyTo().tell(java.util.Collections.unmodifiableMap(assets));
    return this;
  }

  private Behavior<Command> onGetRisk(GetRisk get) {
    List<String> flat = new ArrayList<>();
    for (int a = 0; a < ids.length; a++) {
      if (flattening[a]) {
        flat.add(ids[a]);
      }
    }
    get.replyTo().tell(new RiskView(limits, ceiling, killed, dailyLoss.spent(), dailyLoss.todayReturn(account.equityNow()),
        List.copyOf(flat)));
    return this;
  }

  private Behavior<Command> onGetOrders(GetOrders get) {
    get.replyTo().tell(new OrdersView(account.restingOrders(), orders.recent()));
    return this;
  }

  private Behavior<Command> onGetPositions(GetPositions get) {
    Ledger ledger = account.portfolio().ledger();
    MarketState market = account.market();
    List<Position> out = new ArrayList<>(ids.length);
    for (int a = 0; a < ids.length; a++) {
      int spot = Universe.spotIndex(a);
      int perp = Universe.perpIndex(a);
      AssetView view = account.trader().view(a);
      out.add(new Position(ids[a], ledger.quantity(spot), ledger.quantity(perp),
          market.hasPrice(spot) ? market.markPrice(spot) : 0, market.hasPrice(perp) ? market.markPrice(perp) : 0,
          view.hedgeRatio(), view.marginRatio(), ledger.assetPnl(a, market), ledger.funding(perp),
          ledger.fees(spot) + ledger.fees(perp), account.features(a)));
    }
    get.replyTo().tell(List.copyOf(out));
    return this;
  }

  private Behavior<Command> finish(String reason) {
    if (catchingUp) {
      endCatchUp();
    }
    finished = true;
    finishReason = reason;
    journal.tell(new DeskJournal.Record(new DeskJournal.Progressed(step)));
    // the order journals persist asynchronously: the run is over once each has written what it was sent
    flushing = ids.length;
    for (String id : ids) {
      getContext().ask(OrderActor.Book.class, assets.apply(id), RECOVERY_TIMEOUT, AssetSupervisor.GetBook::new,
          (book, error) -> new Flushed(id, book, error == null ? null : error.toString()));
    }
    return flushing == 0 ? announceFinished() : this;
  }

  private Behavior<Command> onFlushed(Flushed flushed) {
    if (flushed.error() != null) {
      getContext().getLog().error("order journal of {} did not confirm its writes: {}", flushed.asset(),
          flushed.error());
      publish(new JournalFailure("orders|" + flushed.asset(), "did not confirm its writes: " + flushed.error()));
    } else if (!orders.isJournaled(flushed.asset(), flushed.book().trail())) {
      getContext().getLog().error("order journal of {} holds {} order events; the node sent it more",
          flushed.asset(), flushed.book().trail().events());
    }
    return --flushing == 0 ? announceFinished() : this;
  }

  private Behavior<Command> announceFinished() {
    getContext().getLog().info("replay finished after {} steps: {}", step, finishReason);
    onFinished.tell(new Finished(account.result(), finishReason, missed, recovery));
    return this;
  }

  private int index(String asset) {
    for (int a = 0; a < ids.length; a++) {
      if (ids[a].equals(asset)) {
        return a;
      }
    }
    return -1;
  }
}
