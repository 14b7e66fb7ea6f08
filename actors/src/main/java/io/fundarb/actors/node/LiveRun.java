package io.fundarb.actors.node;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.backtest.Attribution;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.MetricsCalculator;
import io.fundarb.engine.backtest.PositionHistory;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.venue.VenueReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * A run on a connected venue, in wall time: there is no step barrier — each asset's entity gets its
 * own market steps from the feed as its bars close and its order actor sends its own orders. This
 * actor is not on that path: it keeps the account's books for operators and the end of the run (a
 * mirror of every report the venue connection sends, and of every step's market), marks the account
 * with its equity at each new step time, fans the account's state out to the assets, takes the
 * operator's steering at once, and finishes once the feed has ended and no asset has a request in
 * flight. A resumed run (same journal) seeds its books from the assets' recovered books.
 */
public final class LiveRun extends AbstractBehavior<LiveRun.Command> {
  /** Local to the run's node (what others send arrives through adapters): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded
      permits Run.Query, Stepped, Reported, FeedEnded, AccountChanged, Seeded, Drained, CheckDrained {}

  /** An asset's market step, as the feed handed it to the asset (for the books' market). */
  public record Stepped(int asset, MarketStep step) implements Command {}

  /** Reports the venue connection sent an asset (the books' mirror). */
  public record Reported(List<VenueReport> reports) implements Command {}

  /** The feed has ended: no step will come any more. */
  public record FeedEnded(String reason) implements Command {}

  private record AccountChanged(AccountState state) implements Command {}

  private record Seeded(String asset, OrderActor.Book book) implements Command {}

  private record Drained(String asset, OrderActor.Book book) implements Command {}

  private record CheckDrained() implements Command {}

  private static final Duration ASK = Duration.ofSeconds(30);
  private static final Duration DRAIN_EVERY = Duration.ofMillis(200);
  private static final int RECENT = 100;

  private final Universe universe;
  private final BacktestConfig config;
  private final String venueName;
  private final TunableLimits ceiling;
  private final Function<String, RecipientRef<AssetEntity.Command>> assets;
  private final ActorRef<AccountActor.Command> account;
  private final ActorRef<Run.Finished> onFinished;
  private final TimerScheduler<Command> timers;
  private final Portfolio books;
  private final MarketState market;
  private final EquityCurve equity = new EquityCurve(1_024);
  private final PositionHistory positions;
  private final ArrayDeque<Run.Recent> recent = new ArrayDeque<>(RECENT);
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean[] removed;
  private final long maxNotional;
  private TunableLimits limits;
  private AccountState accountState = new AccountState(false, false, 1, 0);
  private long steps;
  private long time = Long.MIN_VALUE;
  private long sampled = Long.MIN_VALUE;
  private String endReason;
  private boolean finished;
  private int pending;
  private int inFlight;
  private int busy;

  public static Behavior<Command> create(Universe universe, BacktestConfig config, String venueName,
      TunableLimits ceiling, Function<String, RecipientRef<AssetEntity.Command>> assets,
      ActorRef<AccountActor.Command> account, ActorRef<Run.Finished> onFinished) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new LiveRun(context, timers, universe, config,
        venueName, ceiling, assets, account, onFinished)));
  }

  private LiveRun(ActorContext<Command> context, TimerScheduler<Command> timers, Universe universe,
      BacktestConfig config, String venueName, TunableLimits ceiling,
      Function<String, RecipientRef<AssetEntity.Command>> assets, ActorRef<AccountActor.Command> account,
      ActorRef<Run.Finished> onFinished) {
    super(context);
    this.timers = timers;
    this.universe = universe;
    this.config = config;
    this.venueName = venueName;
    this.ceiling = ceiling;
    this.limits = ceiling;
    this.assets = assets;
    this.account = account;
    this.onFinished = onFinished;
    this.books = new Portfolio(universe, config.sizing().capital(), config.sizing().leverage(),
        config.recordDetails() ? TradeJournal.recording() : TradeJournal.disabled());
    this.market = new MarketState(universe.instrumentCount());
    this.positions = config.recordDetails() ? new PositionHistory(1_024, universe.instrumentCount()) : null;
    this.removed = new boolean[universe.assetCount()];
    this.maxNotional = config.sizing().maxNotional(universe.assetCount());
    account.tell(new AccountActor.Listen(context.messageAdapter(AccountState.class, AccountChanged::new)));
    pending = universe.assetCount();
    for (int a = 0; a < universe.assetCount(); a++) {
      String id = universe.pair(a).asset().toString();
      index.put(id, a);
      context.ask(OrderActor.Book.class, assets.apply(id), ASK, AssetEntity.GetBook::new,
          (book, error) -> new Seeded(id, book));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Seeded.class, this::onSeeded)
        .onMessage(Stepped.class, this::onStepped)
        .onMessage(Reported.class, this::onReported)
        .onMessage(AccountChanged.class, this::onAccountChanged)
        .onMessage(FeedEnded.class, this::onFeedEnded)
        .onMessage(CheckDrained.class, c -> checkDrained())
        .onMessage(Drained.class, this::onDrained)
        .onMessage(Run.Steer.class, this::onSteer)
        .onMessage(Run.GetStatus.class, get -> {
          get.replyTo().tell(new Run.Status(steps, time == Long.MIN_VALUE ? 0 : time, books.ledger().equity(market),
              activeAssets(), accountState.killed(), accountState.dailyLossSpent(), 0, books.ledger().liquidations(),
              false, finished));
          return this;
        })
        .onMessage(Run.GetAssets.class, get -> {
          Map<String, Boolean> out = new LinkedHashMap<>();
          for (int a = 0; a < removed.length; a++) {
            out.put(universe.pair(a).asset().toString(), !removed[a]);
          }
          get.replyTo().tell(java.util.Collections.unmodifiableMap(out));
          return this;
        })
        .onMessage(Run.GetPositions.class, get -> {
          get.replyTo().tell(ReplayClock.positions(universe, books.ledger(), market, maxNotional));
          return this;
        })
        .onMessage(Run.GetOrders.class, get -> {
          get.replyTo().tell(new Run.OrdersView(List.of(), List.copyOf(recent)));
          return this;
        })
        .build();
  }

  /** A resumed run: the books start from what each asset's journal holds. */
  private Behavior<Command> onSeeded(Seeded seeded) {
    if (seeded.book() != null && seeded.book().ledger() != null) {
      books.ledger().absorb(index.get(seeded.asset()), seeded.book().ledger());
    }
    pending--;
    return this;
  }

  private Behavior<Command> onStepped(Stepped stepped) {
    MarketStep step = stepped.step();
    if (step.time() > time) {
      if (time != Long.MIN_VALUE) {
        sample(); // every asset's step of the previous time has had its chance to arrive
      }
      time = step.time();
      steps++;
    }
    for (var event : step.events()) {
      event.applyTo(market, stepped.asset(), step.time());
    }
    return this;
  }

  private void sample() {
    long value = books.ledger().equity(market);
    if (time >= config.tradeFrom() && time > sampled) {
      sampled = time;
      equity.record(time, value, books.inMarket());
      if (positions != null) {
        positions.record(books.ledger(), market);
      }
    }
    account.tell(new AccountActor.Mark(time, value, books.ledger().cash(), null));
  }

  private Behavior<Command> onReported(Reported reported) {
    for (VenueReport r : reported.reports()) {
      int i = universe.indexOf(r.instrument());
      if (i < 0) {
        continue;
      }
      r.deliverTo(books);
      Run.Recent.keep(recent, universe.pair(Universe.assetOf(i)).asset().toString(), r, RECENT);
    }
    return this;
  }

  /** The account's assets-facing state changed: every asset hears it now. */
  private Behavior<Command> onAccountChanged(AccountChanged changed) {
    AccountState before = accountState;
    accountState = changed.state();
    if (accountState.killed() && !before.killed()) {
      publish(new Run.KillSwitchOn("account", steps, time));
    }
    if (accountState.dailyLossSpent() != before.dailyLossSpent()) {
      publish(new Run.DailyLossBudgetChanged(accountState.dailyLossSpent(), steps, time, books.ledger().equity(market)));
    }
    for (int a = 0; a < universe.assetCount(); a++) {
      assets.apply(universe.pair(a).asset().toString()).tell(new AssetEntity.Account(accountState));
    }
    return this;
  }

  private Behavior<Command> onSteer(Run.Steer steer) {
    var s = steer.steering();
    var refused = Run.SteerReply.refusal(s, finished ? endReason : null, index.keySet());
    if (refused.isPresent()) {
      steer.replyTo().tell(refused.get());
      return this;
    }
    if (s instanceof Steering.Kill || s instanceof Steering.SetLimit) {
      getContext().ask(AccountActor.SteerReply.class, account, ASK, reply -> new AccountActor.Steer(s, reply),
          (reply, error) -> {
            if (reply instanceof AccountActor.SteerReply.Applied) {
              if (s instanceof Steering.SetLimit set) {
                TunableLimits.Name name = TunableLimits.Name.parse(set.limit());
                publish(new Run.LimitChanged(set.limit(), limits.get(name), set.value(), steps));
                limits = limits.with(name, set.value(), ceiling);
              }
              steer.replyTo().tell(new Run.SteerReply.Accepted(Steering.describe(s) + " now"));
            } else {
              steer.replyTo().tell(new Run.SteerReply.Refused(reply != null
                  ? ((AccountActor.SteerReply.Refused) reply).detail() : "the account did not answer: " + error));
            }
            return new CheckDrained();
          });
      return this;
    }
    for (int a = 0; a < universe.assetCount(); a++) {
      String id = universe.pair(a).asset().toString();
      if (s.asset() == null || s.asset().equals(id)) {
        assets.apply(id).tell(new AssetEntity.Steer(s));
        if (s instanceof Steering.RemoveAsset) {
          removed[a] = true;
        } else if (s instanceof Steering.AddAsset) {
          removed[a] = false;
        }
      }
    }
    if (s instanceof Steering.UseModel use) {
      publish(new Run.ModelChanged(use.model(), use.version(), steps));
    }
    steer.replyTo().tell(new Run.SteerReply.Accepted(Steering.describe(s) + " now"));
    return this;
  }

  private Behavior<Command> onFeedEnded(FeedEnded ended) {
    endReason = ended.reason();
    getContext().getLog().info("the feed has ended ({}): finishing once no asset has a request in flight", endReason);
    return checkDrained();
  }

  /** Once the feed ended: every asset is asked for its requests in flight until none has any. */
  private Behavior<Command> checkDrained() {
    if (endReason == null || finished || inFlight > 0) {
      return this;
    }
    inFlight = universe.assetCount();
    for (String id : index.keySet()) {
      getContext().ask(OrderActor.Book.class, assets.apply(id), ASK, AssetEntity.GetBook::new,
          (book, error) -> new Drained(id, book));
    }
    return this;
  }

  private Behavior<Command> onDrained(Drained drained) {
    if (drained.book() == null || drained.book().inFlight().length > 0) {
      busy++;
    }
    if (--inFlight > 0) {
      return this;
    }
    if (busy > 0) {
      busy = 0;
      timers.startSingleTimer(new CheckDrained(), DRAIN_EVERY);
      return this;
    }
    if (time != Long.MIN_VALUE) {
      sample();
    }
    finished = true;
    getContext().getLog().info("run finished after {} steps: {}", steps, endReason);
    onFinished.tell(new Run.Finished(result(), endReason, 0, Run.Recovery.NONE));
    return this;
  }

  private BacktestResult result() {
    return new BacktestResult(config.strategy(), venueName,
        MetricsCalculator.compute(equity, config.sizing().capital(), Attribution.of(books)), equity, positions, books);
  }

  private int activeAssets() {
    int n = 0;
    for (boolean r : removed) {
      n += r ? 0 : 1;
    }
    return n;
  }

  private void publish(Run.Event event) {
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(event));
  }
}
