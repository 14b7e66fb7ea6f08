package io.fundarb.actors.node;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.trading.AssetViews;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Virtual time for a replay (backtest-equal paper runs): the clock owns the replayed tape and the
 * simulated venue ({@link SimulatedExchange}) — the venue that in a live run is the exchange — and
 * moves a step forward only once every asset has answered the current one. Within a step it hands
 * the assets their step one at a time, in the account's asset order, each with its market, the
 * venue's reports for it, the account's state and the operator's steering due then; each asset's
 * order actor answers with the requests it sent, which reach the venue in that order. So every run
 * of the same tape and steering gives the same fills as the backtester, to the unit
 * ({@code ReplayMatchesBacktestTest}).
 *
 * <p>It journals its progress and the steering ({@link ReplayJournal}). A resumed run starts every
 * asset and the account over and re-runs the venue at full speed to where the journal says it
 * stopped, re-applying the steering at its steps; each order journal checks that the re-run produced
 * exactly what it held (a difference trips the asset); then it carries on at the configured speed.
 */
public final class ReplayClock extends AbstractBehavior<ReplayClock.Command> {
  public sealed interface Command permits Run.Query, Decided, Local {}

  /** The clock's own messages (timers, adapters, answers piped to itself): never sent to another node. */
  private sealed interface Local extends Command, NoSerializationVerificationNeeded {}

  /**
   * An asset's answer to step {@code step}: the requests its order actor sent, in order (possibly
   * none), and how many order events its journal holds since the run started over. The simulated
   * venue takes the requests now; an answer after its timeout is still taken.
   */
  public record Decided(String asset, long step, List<VenueRequest> requests, long journaled) implements Command,
      PortfolioClock.Command, io.fundarb.actors.serialization.Durable {}

  record NextStep() implements Local {}

  record AnswerTimedOut(long step, int asset) implements Local {}

  private record LogLoaded(Run.Log log) implements Local {}

  private record Started(OrderActor.Started started, AccountState account) implements Local {}

  /** The account's answer to a steering command ({@code steering}) or to the step's mark (null); no state = refused. */
  private record AccountAnswered(Steering steering, AccountState state, String refusal) implements Local {}

  private record Verified(OrderActor.Verified verified) implements Local {}

  private record Flushed(String asset, String error) implements Local {}

  private record RecoveryFailed(String reason) implements Local {}

  /** An asset did not answer its start in time (its node may be failing over): ask it again. */
  private record RetryStart(String asset, int attempt, String error) implements Local {}

  private static final Duration ASK = Duration.ofSeconds(60);
  /**
   * An asset's start is asked for 10 s at a time, six times: a node that dies as the run starts takes
   * the first ask's answer with it, and its assets answer again from a survivor after the failover.
   */
  private static final Duration START_ASK = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 6;
  private static final long PROGRESS_EVERY_MS = 1_000;
  private static final int RECENT = 100;
  private static final Object TIMEOUT = "answer-timeout";

  private final SimulatedExchange exchange;
  private final NodeSettings settings;
  private final TunableLimits ceiling;
  private final Function<String, RecipientRef<AssetEntity.Command>> assets;
  private final ActorRef<AccountActor.Command> account;
  private final ActorRef<Run.Finished> onFinished;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ReplayJournal.Command> journal;
  private final String[] ids;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<List<VenueReport>> reports = new ArrayList<>();
  private final ArrayDeque<Run.Recent> recent = new ArrayDeque<>(RECENT);
  private final boolean[] removed;
  private AssetEntity.Step sent;
  private boolean resent;
  private final NavigableMap<Long, List<Steering>> steering = new TreeMap<>();
  private final long maxNotional;
  private final long[] journaledEvents;
  private final long[] rerunEvents;
  private TunableLimits limits;
  private AccountState accountState;
  private Run.Log log;
  private long catchUpTo;
  private boolean catchingUp;
  private Run.Recovery recovery = Run.Recovery.NONE;
  private final List<String> mismatches = new ArrayList<>();
  private long matched;
  private long written;
  private int waiting;
  private long journaledBefore;
  private int current = -1;
  private long step;
  private long time;
  private long missed;
  private boolean killed;
  private boolean finished;
  private String finishReason;
  private List<Steering> accountSteering = List.of();
  private long lastProgressWall;
  private final ReplayPace pace;

  /**
   * Starts over every asset and the account, loads the journal, and runs.
   *
   * @param assets the entity reference for an asset id (sharding on a node)
   */
  public static Behavior<Command> create(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      NodeSettings settings, TunableLimits ceiling, Function<String, RecipientRef<AssetEntity.Command>> assets,
      ActorRef<AccountActor.Command> account, ActorRef<Run.Finished> onFinished) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ReplayClock(context, timers, tape,
        venueName, universe, config, settings, ceiling, assets, account, onFinished)));
  }

  private ReplayClock(ActorContext<Command> context, TimerScheduler<Command> timers, MarketTape tape,
      String venueName, Universe universe, BacktestConfig config, NodeSettings settings, TunableLimits ceiling,
      Function<String, RecipientRef<AssetEntity.Command>> assets, ActorRef<AccountActor.Command> account,
      ActorRef<Run.Finished> onFinished) {
    super(context);
    this.timers = timers;
    this.settings = settings;
    this.ceiling = ceiling;
    this.assets = assets;
    this.account = account;
    this.onFinished = onFinished;
    int n = universe.assetCount();
    this.ids = new String[n];
    this.removed = new boolean[n];
    this.journaledEvents = new long[n];
    this.rerunEvents = new long[n];
    this.limits = ceiling;
    this.pace = new ReplayPace(settings.speed());
    for (int a = 0; a < n; a++) {
      ids[a] = universe.pair(a).asset().toString();
      index.put(ids[a], a);
      reports.add(new ArrayList<>());
    }
    this.exchange = new SimulatedExchange(tape, venueName, universe, config,
        new VenueReport.Collector(r -> reports.get(Universe.assetOf(universe.indexOf(r.instrument()))).add(r)));
    exchange.cutAssetSteps();
    this.maxNotional = config.sizing().maxNotional(n);
    this.journal = context.spawn(ReplayJournal.create(), "journal");
    context.ask(Run.Log.class, journal, ASK, ReplayJournal.GetLog::new,
        (loaded, error) -> loaded != null ? new LogLoaded(loaded) : new RecoveryFailed("replay journal: " + error));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LogLoaded.class, this::onLogLoaded)
        .onMessage(Started.class, this::onStarted)
        .onMessage(RecoveryFailed.class, this::onRecoveryFailed)
        .onMessage(RetryStart.class, this::onRetryStart)
        .onMessage(NextStep.class, n -> onNextStep())
        .onMessage(AccountAnswered.class, this::onAccountAnswered)
        .onMessage(Decided.class, this::onDecided)
        .onMessage(AnswerTimedOut.class, this::onAnswerTimedOut)
        .onMessage(Verified.class, this::onVerified)
        .onMessage(Flushed.class, this::onFlushed)
        .onMessage(Run.Steer.class, this::onSteer)
        .onMessage(Run.GetStatus.class, this::onGetStatus)
        .onMessage(Run.GetAssets.class, this::onGetAssets)
        .onMessage(Run.GetPositions.class, this::onGetPositions)
        .onMessage(Run.GetOrders.class, get -> {
          get.replyTo().tell(new Run.OrdersView(exchange.venue().restingOrders(), List.copyOf(recent)));
          return this;
        })
        .build();
  }

  /** Every asset and the account start over: a fresh run from step 1, or a re-run of a journaled one. */
  private Behavior<Command> onLogLoaded(LogLoaded loaded) {
    log = loaded.log();
    for (Run.Steered s : log.steering()) {
      steering.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(s.steering());
    }
    catchUpTo = log.lastStep();
    waiting = ids.length + 1;
    for (String id : ids) {
      startAsset(id, 1);
    }
    getContext().ask(AccountState.class, account, ASK, AccountActor.StartOver::new,
        (state, error) -> state != null ? new Started(null, state) : new RecoveryFailed("account journal: " + error));
    return this;
  }

  /** Asks {@code id} to start over (idempotent before the first step: it journals that it started over). */
  private void startAsset(String id, int attempt) {
    getContext().ask(OrderActor.Started.class, assets.apply(id), START_ASK, AssetEntity.StartOver::new,
        (started, error) -> started != null ? new Started(started, null)
            : attempt < START_ATTEMPTS ? new RetryStart(id, attempt + 1, String.valueOf(error))
            : new RecoveryFailed("order journal of " + id + ": " + error));
  }

  private Behavior<Command> onRetryStart(RetryStart retry) {
    getContext().getLog().warn("{} did not answer its start ({}): asking again, attempt {} of {}", retry.asset(),
        retry.error(), retry.attempt(), START_ATTEMPTS);
    startAsset(retry.asset(), retry.attempt());
    return this;
  }

  private Behavior<Command> onStarted(Started started) {
    if (started.account() != null) {
      accountState = started.account();
    } else {
      journaledBefore += started.started().journaledEvents();
      journaledEvents[index.get(started.started().asset())] = started.started().journaledEvents();
    }
    if (--waiting > 0) {
      return this;
    }
    catchingUp = !log.isEmpty() || journaledBefore > 0;
    if (catchingUp) {
      getContext().getLog().info("journal found: re-running the venue to step {} and checking {} order events",
          catchUpTo, journaledBefore);
    }
    return onNextStep();
  }

  private Behavior<Command> onRecoveryFailed(RecoveryFailed failed) {
    getContext().getLog().error("cannot start: {}", failed.reason());
    publish(new Run.JournalFailure("recovery", failed.reason()));
    onFinished.tell(new Run.Finished(exchange.result(), "recovery failed: " + failed.reason(), 0, Run.Recovery.NONE));
    return Behaviors.stopped();
  }

  /** The next step: the account's steering due at it first, then the venue moves, then the assets. */
  private Behavior<Command> onNextStep() {
    if (finished) {
      return this;
    }
    if (!exchange.hasNext()) {
      return finish("end of data");
    }
    if (killed && !exchange.portfolio().inMarket() && !exchange.venue().hasPendingWork()) {
      return finish("killed and flat");
    }
    List<Steering> due = steering.getOrDefault(exchange.step() + 1, List.of());
    accountSteering = new ArrayList<>();
    for (Steering s : due) {
      if (s instanceof Steering.Kill || s instanceof Steering.SetLimit) {
        accountSteering.add(s);
      }
    }
    return nextAccountSteering();
  }

  private Behavior<Command> nextAccountSteering() {
    if (accountSteering.isEmpty()) {
      return advance();
    }
    Steering s = accountSteering.remove(0);
    getContext().ask(AccountActor.SteerReply.class, account, ASK, reply -> new AccountActor.Steer(s, reply),
        (reply, error) -> reply instanceof AccountActor.SteerReply.Applied applied
            ? new AccountAnswered(s, applied.state(), null)
            : new AccountAnswered(s, null, reply != null ? ((AccountActor.SteerReply.Refused) reply).detail()
                : "the account did not answer: " + error));
    return this;
  }

  private Behavior<Command> onAccountAnswered(AccountAnswered answered) {
    if (answered.steering() == null) {
      return onMarked(answered.state());
    }
    long at = exchange.step() + 1;
    Steering s = answered.steering();
    if (answered.state() == null) {
      getContext().getLog().error("step {}: the account refused {}: {}", at, Steering.describe(s), answered.refusal());
      return nextAccountSteering();
    }
    accountState = answered.state();
    getContext().getLog().warn("{} at step {}", Steering.describe(s), at);
    if (s instanceof Steering.Kill kill && !killed) {
      killed = true;
      publish(new Run.KillSwitchOn(kill.reason(), at, exchange.clock().now()));
    } else if (s instanceof Steering.SetLimit set) {
      TunableLimits.Name name = TunableLimits.Name.parse(set.limit());
      double from = limits.get(name);
      limits = limits.with(name, set.value(), ceiling);
      publish(new Run.LimitChanged(set.limit(), from, set.value(), at));
    }
    return nextAccountSteering();
  }

  /** The account's state after the step's mark: it goes with the next step. */
  private Behavior<Command> onMarked(AccountState state) {
    if (state != null) {
      if (accountState != null && state.dailyLossSpent() != accountState.dailyLossSpent()) {
        publish(new Run.DailyLossBudgetChanged(state.dailyLossSpent(), step, time, exchange.equityNow()));
      }
      accountState = state;
    } else {
      getContext().getLog().warn("step {}: the account did not answer its mark; its last state stands", step);
    }
    return pace();
  }

  private Behavior<Command> advance() {
    time = exchange.advance();
    step = exchange.step();
    current = -1;
    return nextAsset();
  }

  private Behavior<Command> nextAsset() {
    current++;
    if (current == ids.length) {
      return endStep();
    }
    int a = current;
    List<Steering> due = new ArrayList<>(0);
    for (Steering s : steering.getOrDefault(step, List.of())) {
      if (ids[a].equals(s.asset()) || s instanceof Steering.PauseNode || s instanceof Steering.ResumeNode
          || s instanceof Steering.UseModel) {
        due.add(s);
        if (s instanceof Steering.RemoveAsset) {
          removed[a] = true;
        } else if (s instanceof Steering.AddAsset) {
          removed[a] = false;
        }
      }
    }
    List<VenueReport> mine = List.copyOf(reports.get(a));
    reports.get(a).clear();
    for (VenueReport r : mine) {
      Run.Recent.keep(recent, ids[a], r, RECENT);
    }
    sent = new AssetEntity.Step(step, exchange.assetStep(a), mine, exchange.portfolio().ledger().cash(), accountState,
        List.copyOf(due), getContext().getSelf().narrow(), null);
    resent = false;
    assets.apply(ids[a]).tell(sent);
    timers.startSingleTimer(TIMEOUT, new AnswerTimedOut(step, a), settings.stepTimeout());
    return this;
  }

  private Behavior<Command> onDecided(Decided decided) {
    for (VenueRequest request : decided.requests()) {
      request.sendTo(exchange.venue());
    }
    Integer a = index.get(decided.asset());
    if (a != null) {
      rerunEvents[a] = Math.max(rerunEvents[a], decided.journaled());
    }
    if (a == null || decided.step() != step || a != current) {
      return this; // after its timeout: the venue took its requests all the same
    }
    timers.cancel(TIMEOUT);
    return nextAsset();
  }

  private Behavior<Command> onAnswerTimedOut(AnswerTimedOut timedOut) {
    if (timedOut.step() != step || timedOut.asset() != current) {
      return this;
    }
    if (!resent) {
      // its order actor may have restarted on a failed journal write, losing the step: once more
      // (a step it did book is not booked twice)
      resent = true;
      getContext().getLog().warn("step {}: {} did not answer within {}; sending its step again", step, ids[current],
          settings.stepTimeout());
      assets.apply(ids[current]).tell(sent);
      timers.startSingleTimer(TIMEOUT, new AnswerTimedOut(step, current), settings.stepTimeout());
      return this;
    }
    missed++;
    publish(new Run.DecisionsMissed(step, 1));
    getContext().getLog().warn("step {}: {} did not answer within {}; its requests, when they come, still go out",
        step, ids[current], settings.stepTimeout());
    return nextAsset();
  }

  /** Every asset answered: equity is sampled, the account marked (its answer goes into the next step). */
  private Behavior<Command> endStep() {
    exchange.record(time);
    long equity = exchange.equityNow();
    long cash = exchange.portfolio().ledger().cash();
    getContext().ask(AccountState.class, account, ASK, reply -> new AccountActor.Mark(time, equity, cash, reply),
        (state, error) -> new AccountAnswered(null, state, error == null ? null : error.toString()));
    return this;
  }

  /** Caught up once past the journal's last step and every asset re-produced at least what its journal held. */
  private boolean caughtUp() {
    if (step < catchUpTo) {
      return false;
    }
    for (int a = 0; a < ids.length; a++) {
      if (rerunEvents[a] < journaledEvents[a]) {
        return false;
      }
    }
    return true;
  }

  private Behavior<Command> pace() {
    if (catchingUp && caughtUp()) {
      endCatchUp();
      return this; // carries on once every asset has verified its journal
    }
    long now = System.currentTimeMillis();
    if (!catchingUp && now - lastProgressWall >= PROGRESS_EVERY_MS) {
      lastProgressWall = now;
      journal.tell(new ReplayJournal.Record(new ReplayJournal.Progressed(step)));
    }
    long wait = catchingUp ? 0 : pace.waitMs(time, exchange.nextTime());
    if (wait <= 0) {
      getContext().getSelf().tell(new NextStep());
    } else {
      timers.startSingleTimer(new NextStep(), Duration.ofMillis(wait));
    }
    return this;
  }

  private void endCatchUp() {
    catchingUp = false;
    waiting = ids.length;
    for (String id : ids) {
      getContext().ask(OrderActor.Verified.class, assets.apply(id), ASK, AssetEntity.Verify::new,
          (verified, error) -> new Verified(verified != null ? verified
              : new OrderActor.Verified(id, 0, 0, "did not answer: " + error)));
    }
  }

  private Behavior<Command> onVerified(Verified v) {
    OrderActor.Verified verified = v.verified();
    matched += verified.matched();
    written += verified.written();
    if (verified.mismatch() != null) {
      mismatches.add(verified.asset() + ": " + verified.mismatch());
      assets.apply(verified.asset()).tell(new AssetEntity.Trip("the re-run differs from the journal: "
          + verified.mismatch(), time));
    }
    if (--waiting > 0) {
      return this;
    }
    waiting = 0;
    recovery = new Run.Recovery(step, matched, written, List.copyOf(mismatches));
    getContext().getLog().info("recovered: re-ran {} steps; {} order events matched the journals, {} the crash had not"
        + " journaled were written; {} mismatch(es)", step, matched, written, mismatches.size());
    if (finished) {
      return flush();
    }
    getContext().getSelf().tell(new NextStep());
    return this;
  }

  private Behavior<Command> onSteer(Run.Steer steer) {
    Steering s = steer.steering();
    var refused = Run.SteerReply.refusal(s, finished ? finishReason : null, java.util.Arrays.asList(ids));
    if (refused.isPresent()) {
      steer.replyTo().tell(refused.get());
      return this;
    }
    if (s instanceof Steering.SetLimit set) {
      try {
        ceiling.with(TunableLimits.Name.parse(set.limit()), set.value(), ceiling); // refused now, not at the step
      } catch (IllegalArgumentException e) {
        steer.replyTo().tell(new Run.SteerReply.Refused(e.getMessage()));
        return this;
      }
    }
    long at = Math.max(exchange.step(), step) + 1;
    steering.computeIfAbsent(at, k -> new ArrayList<>()).add(s);
    journal.tell(new ReplayJournal.Record(new ReplayJournal.SteeredAt(new Run.Steered(at, s))));
    if (s instanceof Steering.UseModel use) {
      publish(new Run.ModelChanged(use.model(), use.version(), at));
    }
    steer.replyTo().tell(new Run.SteerReply.Accepted(Steering.describe(s) + " at step " + at));
    return this;
  }

  private Behavior<Command> finish(String reason) {
    if (catchingUp) {
      finished = true;
      finishReason = reason;
      endCatchUp();
      return this;
    }
    finished = true;
    finishReason = reason;
    return flush();
  }

  /** The order journals persist on their own: the run is over once each has answered after its last write. */
  private Behavior<Command> flush() {
    journal.tell(new ReplayJournal.Record(new ReplayJournal.Progressed(step)));
    waiting = ids.length;
    Run.flushJournals(getContext(), java.util.Arrays.asList(ids), assets, Flushed::new);
    return this;
  }

  private Behavior<Command> onFlushed(Flushed flushed) {
    if (flushed.error() != null) {
      Run.journalNotFlushed(getContext(), flushed.asset(), flushed.error());
    }
    if (--waiting == 0) {
      getContext().getLog().info("replay finished after {} steps: {}", step, finishReason);
      onFinished.tell(new Run.Finished(exchange.result(), finishReason, missed, recovery));
    }
    return this;
  }

  private Behavior<Command> onGetStatus(Run.GetStatus get) {
    int active = 0;
    for (boolean r : removed) {
      active += r ? 0 : 1;
    }
    get.replyTo().tell(new Run.Status(step, time, exchange.equityNow(), active, killed,
        accountState != null && accountState.dailyLossSpent(), missed,
        exchange.portfolio().ledger().liquidations(), catchingUp, finished));
    return this;
  }

  private Behavior<Command> onGetAssets(Run.GetAssets get) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (int a = 0; a < ids.length; a++) {
      out.put(ids[a], !removed[a]);
    }
    get.replyTo().tell(java.util.Collections.unmodifiableMap(out));
    return this;
  }

  private Behavior<Command> onGetPositions(Run.GetPositions get) {
    get.replyTo().tell(positions(exchange.universe(), exchange.portfolio().ledger(), exchange.market(), maxNotional));
    return this;
  }

  /** Every asset's holdings in an account's books. */
  static List<Run.Position> positions(Universe universe, Ledger ledger, MarketState market, long maxNotional) {
    List<Run.Position> out = new ArrayList<>(universe.assetCount());
    for (int a = 0; a < universe.assetCount(); a++) {
      int spot = Universe.spotIndex(a);
      int perp = Universe.perpIndex(a);
      AssetView view = AssetViews.of(universe, a, market, ledger, maxNotional);
      out.add(new Run.Position(universe.pair(a).asset().toString(), ledger.quantity(spot), ledger.quantity(perp),
          market.hasPrice(spot) ? market.markPrice(spot) : 0, market.hasPrice(perp) ? market.markPrice(perp) : 0,
          view.hedgeRatio(), view.marginRatio(), ledger.assetPnl(a, market), ledger.funding(perp),
          ledger.fees(spot) + ledger.fees(perp)));
    }
    return List.copyOf(out);
  }

  private void publish(Run.Event event) {
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(event));
  }
}
