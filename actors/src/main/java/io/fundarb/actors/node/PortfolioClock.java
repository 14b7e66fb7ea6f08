package io.fundarb.actors.node;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PlannedLegs;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.venue.VenueReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Virtual time for a portfolio of simulated venue accounts (paper over several venues): the clock
 * owns the venues' tapes and simulated exchanges, the transfers between them and the portfolio's
 * allocation step ({@link MultiVenueBacktester}: the policy, the limits and the daily loss rule, each
 * venue asset's legs), and moves a step forward once every venue asset has answered. Within a step
 * it hands each venue asset, in the order its legs trade, its market, its venue's reports for it,
 * its venue account's cash and state, the operator's steering due then, and the legs the allocation
 * wants; the asset's order actor plans and sends its own requests, which reach its venue in that
 * order. Then cash moves between venues and each venue's account actor is marked. So a run gives the
 * portfolio backtest's fills to the unit ({@code PortfolioReplayMatchesBacktestTest}).
 *
 * <p>A portfolio run starts over when its node restarts (every asset and account journal is told to
 * start over): it keeps no replay journal of its own yet.
 */
public final class PortfolioClock extends AbstractBehavior<PortfolioClock.Command> {
  public sealed interface Command permits Run.Query, ReplayClock.Decided, Local {}

  /** The clock's own messages (timers, answers piped to itself): never sent to another node. */
  private sealed interface Local extends Command, NoSerializationVerificationNeeded {}

  private record NextStep() implements Local {}

  private record AnswerTimedOut(long step, int leg) implements Local {}

  /** An asset (account null) or a venue account (venue index) started over. */
  private record Started(int venue, AccountState account) implements Local {}

  private record StartFailed(String reason) implements Local {}

  /** A venue account's state after its mark or a steering command (null: it did not answer). */
  private record AccountAnswered(int venue, AccountState state, boolean marked) implements Local {}

  private record Flushed(String asset, String error) implements Local {}

  private static final Duration ASK = Duration.ofSeconds(60);
  private static final int RECENT = 100;
  private static final Object TIMEOUT = "answer-timeout";

  private final MultiVenueBacktester portfolio;
  private final NodeSettings settings;
  private final Function<String, RecipientRef<AssetEntity.Command>> assets;
  private final List<ActorRef<AccountActor.Command>> accounts;
  private final ActorRef<Run.Finished> onFinished;
  private final TimerScheduler<Command> timers;
  private final ReplayPace pace;
  /** Entity ids by venue and asset index in the venue's universe (VENUE:SYMBOL). */
  private final String[][] ids;
  private final List<String> allIds = new ArrayList<>();
  private final Map<String, int[]> where = new HashMap<>();
  private final List<List<List<VenueReport>>> reports = new ArrayList<>();
  private final ArrayDeque<Run.Recent> recent = new ArrayDeque<>(RECENT);
  private final AccountState[] accountStates;
  private final List<Steering> due = new ArrayList<>();
  private final List<Steering> steering = new ArrayList<>();
  private PlannedLegs legs;
  private AssetEntity.Step sent;
  private boolean resent;
  private int leg = -1;
  private int waiting;
  private long step;
  private long missed;
  private boolean killed;
  private String finishReason;

  /**
   * Starts over every venue asset and venue account, and runs.
   *
   * @param accounts each venue's account actor, in the order of {@code venues}
   * @param assets the entity reference for a venue asset id (sharding on a node)
   */
  public static Behavior<Command> create(List<VenueMarket> venues, Opportunities.Offered offered,
      BacktestConfig config, PortfolioSettings portfolioSettings, AllocationPolicy policy, NodeSettings settings,
      Function<String, RecipientRef<AssetEntity.Command>> assets, List<ActorRef<AccountActor.Command>> accounts,
      ActorRef<Run.Finished> onFinished) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PortfolioClock(context, timers, venues,
        offered, config, portfolioSettings, policy, settings, assets, accounts, onFinished)));
  }

  private PortfolioClock(ActorContext<Command> context, TimerScheduler<Command> timers, List<VenueMarket> venues,
      Opportunities.Offered offered, BacktestConfig config, PortfolioSettings portfolioSettings,
      AllocationPolicy policy, NodeSettings settings, Function<String, RecipientRef<AssetEntity.Command>> assets,
      List<ActorRef<AccountActor.Command>> accounts, ActorRef<Run.Finished> onFinished) {
    super(context);
    this.timers = timers;
    this.settings = settings;
    this.assets = assets;
    this.accounts = List.copyOf(accounts);
    this.onFinished = onFinished;
    this.pace = new ReplayPace(settings.speed());
    this.ids = new String[venues.size()][];
    this.accountStates = new AccountState[venues.size()];
    List<VenueReport.Collector> collectors = new ArrayList<>();
    for (int v = 0; v < venues.size(); v++) {
      Universe universe = venues.get(v).universe();
      ids[v] = new String[universe.assetCount()];
      List<List<VenueReport>> perAsset = new ArrayList<>();
      for (int a = 0; a < ids[v].length; a++) {
        ids[v][a] = universe.pair(a).asset().toString();
        allIds.add(ids[v][a]);
        where.put(ids[v][a], new int[] {v, a});
        perAsset.add(new ArrayList<>());
      }
      reports.add(perAsset);
      collectors.add(new VenueReport.Collector(r -> perAsset.get(Universe.assetOf(universe.indexOf(r.instrument())))
          .add(r)));
    }
    this.portfolio = new MultiVenueBacktester(venues, offered, config, portfolioSettings, policy, collectors);
    waiting = allIds.size() + accounts.size();
    for (String id : allIds) {
      context.ask(OrderActor.Started.class, assets.apply(id), ASK, AssetEntity.StartOver::new,
          (started, error) -> started != null ? new Started(-1, null)
              : new StartFailed("order journal of " + id + ": " + error));
    }
    for (int v = 0; v < accounts.size(); v++) {
      int venue = v;
      context.ask(AccountState.class, accounts.get(v), ASK, AccountActor.StartOver::new,
          (state, error) -> state != null ? new Started(venue, state)
              : new StartFailed("account journal of " + venues.get(venue).name() + ": " + error));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Started.class, this::onStarted)
        .onMessage(StartFailed.class, this::onStartFailed)
        .onMessage(NextStep.class, n -> onNextStep())
        .onMessage(AccountAnswered.class, this::onAccountAnswered)
        .onMessage(ReplayClock.Decided.class, this::onDecided)
        .onMessage(AnswerTimedOut.class, this::onAnswerTimedOut)
        .onMessage(Flushed.class, this::onFlushed)
        .onMessage(Run.Steer.class, this::onSteer)
        .onMessage(Run.GetStatus.class, this::onGetStatus)
        .onMessage(Run.GetAssets.class, this::onGetAssets)
        .onMessage(Run.GetPositions.class, this::onGetPositions)
        .onMessage(Run.GetOrders.class, this::onGetOrders)
        .build();
  }

  private Behavior<Command> onStarted(Started started) {
    if (started.account() != null) {
      accountStates[started.venue()] = started.account();
    }
    if (--waiting == 0) {
      getContext().getSelf().tell(new NextStep());
    }
    return this;
  }

  private Behavior<Command> onStartFailed(StartFailed failed) {
    getContext().getLog().error("cannot start: {}", failed.reason());
    onFinished.tell(new Run.Finished(null, "recovery failed: " + failed.reason(), 0, Run.Recovery.NONE,
        portfolio.result()));
    return Behaviors.stopped();
  }

  /** The next step: the kill switch first (every venue account), then the venues move, then the assets. */
  private Behavior<Command> onNextStep() {
    if (finishReason != null) {
      return this;
    }
    due.clear();
    due.addAll(steering);
    steering.clear();
    for (Steering s : due) {
      if (s instanceof Steering.Kill) {
        waiting = accounts.size();
        for (int v = 0; v < accounts.size(); v++) {
          int venue = v;
          getContext().ask(AccountActor.SteerReply.class, accounts.get(v), ASK,
              reply -> new AccountActor.Steer(s, reply),
              (reply, error) -> new AccountAnswered(venue,
                  reply instanceof AccountActor.SteerReply.Applied applied ? applied.state() : null, false));
        }
        return this;
      }
    }
    return advance();
  }

  private Behavior<Command> onAccountAnswered(AccountAnswered answered) {
    if (answered.state() != null) {
      accountStates[answered.venue()] = answered.state();
      killed |= answered.state().killed();
    } else {
      getContext().getLog().warn("step {}: the account of venue {} did not answer; its last state stands", step,
          answered.venue());
    }
    if (--waiting > 0) {
      return this;
    }
    return answered.marked() ? pace() : advance();
  }

  private Behavior<Command> advance() {
    if (killed && !inMarket()) {
      return finish("killed and flat");
    }
    if (!portfolio.nextDecision()) {
      return finish("end of data");
    }
    step++;
    legs = portfolio.plan();
    leg = -1;
    return nextLeg();
  }

  private boolean inMarket() {
    for (int v = 0; v < portfolio.venues(); v++) {
      SimulatedExchange exchange = portfolio.exchange(v);
      if (exchange.portfolio().inMarket() || exchange.venue().hasPendingWork()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The next venue asset in the order its legs trade; a venue whose market did not move at this step
   * (bars due at other times) waits for its own next step.
   */
  private Behavior<Command> nextLeg() {
    while (++leg < legs.size() && !portfolio.advanced(legs.venue(leg))) {
      // its venue did not move: nothing new to decide on
    }
    if (leg == legs.size()) {
      return endStep();
    }
    int v = legs.venue(leg);
    int a = legs.asset(leg);
    List<VenueReport> mine = List.copyOf(reports.get(v).get(a));
    reports.get(v).get(a).clear();
    for (VenueReport r : mine) {
      Run.Recent.keep(recent, ids[v][a], r, RECENT);
    }
    List<Steering> steer = new ArrayList<>(0);
    for (Steering s : due) {
      if (ids[v][a].equals(s.asset()) || s instanceof Steering.PauseNode || s instanceof Steering.ResumeNode) {
        steer.add(s);
      }
    }
    SimulatedExchange exchange = portfolio.exchange(v);
    sent = new AssetEntity.Step(step, exchange.assetStep(a), mine, exchange.portfolio().ledger().cash(),
        accountStates[v], List.copyOf(steer), getContext().getSelf().narrow(),
        new OrderActor.Legs(legs.spot(leg), legs.perp(leg), legs.toTarget(leg)));
    resent = false;
    assets.apply(ids[v][a]).tell(sent);
    timers.startSingleTimer(TIMEOUT, new AnswerTimedOut(step, leg), settings.stepTimeout());
    return this;
  }

  private Behavior<Command> onDecided(ReplayClock.Decided decided) {
    int[] at = where.get(decided.asset());
    if (at == null) {
      getContext().getLog().error("an answer from {}, which is not in this portfolio: dropped", decided.asset());
      return this;
    }
    portfolio.submit(at[0], at[1], decided.requests());
    if (decided.step() != step || leg >= legs.size() || legs.venue(leg) != at[0] || legs.asset(leg) != at[1]) {
      return this; // after its timeout: the venue took its requests all the same
    }
    timers.cancel(TIMEOUT);
    return nextLeg();
  }

  private Behavior<Command> onAnswerTimedOut(AnswerTimedOut timedOut) {
    if (timedOut.step() != step || timedOut.leg() != leg) {
      return this;
    }
    String id = ids[legs.venue(leg)][legs.asset(leg)];
    if (!resent) {
      resent = true; // its order actor may have restarted on a failed journal write, losing the step
      getContext().getLog().warn("step {}: {} did not answer within {}; sending its step again", step, id,
          settings.stepTimeout());
      assets.apply(id).tell(sent);
      timers.startSingleTimer(TIMEOUT, new AnswerTimedOut(step, leg), settings.stepTimeout());
      return this;
    }
    missed++;
    getContext().getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(
        new Run.DecisionsMissed(step, 1)));
    getContext().getLog().warn("step {}: {} did not answer within {}; its requests, when they come, still go out",
        step, id, settings.stepTimeout());
    return nextLeg();
  }

  /** Every venue asset answered: cash moves, equity is recorded, every venue account is marked. */
  private Behavior<Command> endStep() {
    portfolio.settleDecision();
    waiting = accounts.size();
    long time = portfolio.now();
    for (int v = 0; v < accounts.size(); v++) {
      int venue = v;
      SimulatedExchange exchange = portfolio.exchange(v);
      long equity = exchange.equityNow();
      long cash = exchange.portfolio().ledger().cash();
      getContext().ask(AccountState.class, accounts.get(v), ASK,
          reply -> new AccountActor.Mark(time, equity, cash, reply),
          (state, error) -> new AccountAnswered(venue, state, true));
    }
    return this;
  }

  private Behavior<Command> pace() {
    long wait = pace.waitMs(portfolio.now(), nextTime());
    if (wait <= 0) {
      getContext().getSelf().tell(new NextStep());
    } else {
      timers.startSingleTimer(new NextStep(), Duration.ofMillis(wait));
    }
    return this;
  }

  private long nextTime() {
    long next = Long.MAX_VALUE;
    for (int v = 0; v < portfolio.venues(); v++) {
      next = Math.min(next, portfolio.exchange(v).nextTime());
    }
    return next;
  }

  /**
   * Kill, and each asset's pause, resume, flatten and removal, and the node's pause and resume, take
   * effect at the next step. A portfolio's limits are the allocation's ({@code fundarb.portfolio}),
   * and its assets follow the allocation: tunable limits, model swaps and new assets are refused.
   */
  private Behavior<Command> onSteer(Run.Steer steer) {
    Steering s = steer.steering();
    var refused = Run.SteerReply.refusal(s, finishReason, allIds);
    if (refused.isPresent()) {
      steer.replyTo().tell(refused.get());
      return this;
    }
    if (s instanceof Steering.SetLimit || s instanceof Steering.UseModel || s instanceof Steering.AddAsset) {
      steer.replyTo().tell(new Run.SteerReply.Refused("a portfolio run follows its allocation within"
          + " fundarb.portfolio's limits: " + Steering.describe(s) + " does not apply"));
      return this;
    }
    steering.add(s);
    steer.replyTo().tell(new Run.SteerReply.Accepted(Steering.describe(s) + " at step " + (step + 1)));
    return this;
  }

  private Behavior<Command> finish(String reason) {
    finishReason = reason;
    waiting = allIds.size();
    Run.flushJournals(getContext(), allIds, assets, Flushed::new);
    return this;
  }

  /** The order journals persist on their own: the run is over once each has answered after its last write. */
  private Behavior<Command> onFlushed(Flushed flushed) {
    if (flushed.error() != null) {
      Run.journalNotFlushed(getContext(), flushed.asset(), flushed.error());
    }
    if (--waiting == 0) {
      getContext().getLog().info("portfolio replay finished after {} steps: {}", step, finishReason);
      onFinished.tell(new Run.Finished(null, finishReason, missed, Run.Recovery.NONE, portfolio.result()));
    }
    return this;
  }

  private Behavior<Command> onGetStatus(Run.GetStatus get) {
    long equity = portfolio.equityNow();
    boolean dailyLoss = false;
    for (AccountState state : accountStates) {
      dailyLoss |= state != null && state.dailyLossSpent();
    }
    long liquidations = 0;
    for (int v = 0; v < portfolio.venues(); v++) {
      liquidations += portfolio.exchange(v).portfolio().ledger().liquidations();
    }
    get.replyTo().tell(new Run.Status(step, portfolio.now(), equity, allIds.size(), killed, dailyLoss, missed,
        liquidations, false, finishReason != null));
    return this;
  }

  private Behavior<Command> onGetAssets(Run.GetAssets get) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    allIds.forEach(id -> out.put(id, true));
    get.replyTo().tell(java.util.Collections.unmodifiableMap(out));
    return this;
  }

  private Behavior<Command> onGetPositions(Run.GetPositions get) {
    List<Run.Position> out = new ArrayList<>();
    for (int v = 0; v < portfolio.venues(); v++) {
      SimulatedExchange exchange = portfolio.exchange(v);
      out.addAll(ReplayClock.positions(exchange.universe(), exchange.portfolio().ledger(), exchange.market(),
          portfolio.opportunityNotional()));
    }
    get.replyTo().tell(List.copyOf(out));
    return this;
  }

  private Behavior<Command> onGetOrders(Run.GetOrders get) {
    List<io.fundarb.engine.venue.RestingOrder> open = new ArrayList<>();
    for (int v = 0; v < portfolio.venues(); v++) {
      open.addAll(portfolio.exchange(v).venue().restingOrders());
    }
    get.replyTo().tell(new Run.OrdersView(List.copyOf(open), List.copyOf(recent)));
    return this;
  }
}
