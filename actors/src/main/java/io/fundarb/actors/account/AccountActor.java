package io.fundarb.actors.account;

import io.fundarb.actors.node.Steering;
import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.risk.NotionalReservations;
import io.fundarb.engine.risk.TunableLimits;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One venue account's cross-asset limits, event-sourced: the portfolio notional cap as
 * reservations ({@link NotionalReservations} — an asset's order actor must hold one before it sends
 * anything that adds exposure; reductions are never blocked), the daily loss budget, the kill
 * switch and the operator's tunable limits (the configuration is their ceiling). It learns the
 * account's equity and cash from {@link Mark}s (the replay clock's books, or a live run's mirror of
 * the venue's reports) and tells its listener whenever what the assets must know changes.
 *
 * <p>One per account, persistence id {@code account|<venue>}; the node runs it as a cluster
 * singleton, so that it moves to a surviving node with its journal.
 */
public final class AccountActor extends EventSourcedBehavior<AccountActor.Command, AccountActor.Event,
    AccountActor.State> {
  /** Durable: the account and the assets asking it may live on different nodes. */
  public sealed interface Command extends Durable {}

  /**
   * Asks for a reservation of {@code notional} (Fixed) for the asset's exposure; answered with a
   * {@link Granted} carrying the asker's {@code ticket}.
   */
  public record Reserve(String asset, long notional, long ticket, ActorRef<Granted> replyTo) implements Command {}

  /** What the asset may commit now: at most what it asked for, at least what it held (or what it asked, if less). */
  public record Granted(String asset, long notional, long ticket) implements Durable {}

  /** The asset commits less now: its reservation shrinks to {@code notional}. */
  public record Release(String asset, long notional) implements Command {}

  /** An operator's account-level command ({@link Steering.Kill}, {@link Steering.SetLimit}). */
  public record Steer(Steering steering, ActorRef<SteerReply> replyTo) implements Command {}

  public sealed interface SteerReply extends Durable {
    record Applied(AccountState state) implements SteerReply {}

    record Refused(String detail) implements SteerReply {}
  }

  /** The account's equity and free cash (Fixed) at {@code time}; {@code replyTo} (may be null) gets the state after it. */
  public record Mark(long time, long equity, long cash, ActorRef<AccountState> replyTo) implements Command {}

  public record GetView(ActorRef<View> replyTo) implements Command {}

  /** From now on {@code listener} hears every change of the {@link AccountState}. */
  public record Listen(ActorRef<AccountState> listener) implements Command {}

  /** A replay re-runs from its first step: the account starts over too (answered with the state). */
  public record StartOver(ActorRef<AccountState> replyTo) implements Command {}

  /**
   * The account as an operator sees it.
   *
   * @param cap the portfolio notional cap now (Fixed)
   */
  public record View(TunableLimits limits, TunableLimits ceiling, String killed, boolean dailyLossSpent,
      double todayReturn, Map<String, Long> reservations, long cap, long equity, long cash) implements Durable {}

  public sealed interface Event extends Durable {}

  public record Reserved(String asset, long notional) implements Event {}

  public record LimitSet(String limit, double value) implements Event {}

  public record Killed(String reason) implements Event {}

  /** The daily loss budget moved to a new day or became spent. */
  public record BudgetChanged(DailyLossBudget budget) implements Event {}

  public record StartedOver() implements Event {}

  /** The durable part: limits, kill switch, daily budget, reservations. */
  public record State(TunableLimits limits, String killed, DailyLossBudget budget, NotionalReservations reserved)
      implements Durable {}

  /**
   * @param ceiling the configured limits: an operator may tighten them, never loosen them past these
   * @param maxNotional every asset's max notional (Fixed)
   * @param assets how many assets the account trades (the cap is their max notionals times max-portfolio)
   * @param dailyLoss whether the account keeps the daily loss budget: not a venue account of a
   *     portfolio, whose equity moves with cash sent between venues and with legs hedged on another
   *     venue (the portfolio keeps the rule over its whole book)
   */
  public record Settings(String venue, TunableLimits ceiling, long maxNotional, int assets, boolean dailyLoss) {
    /** A single account: it keeps the daily loss budget. */
    public Settings(String venue, TunableLimits ceiling, long maxNotional, int assets) {
      this(venue, ceiling, maxNotional, assets, true);
    }
  }

  private final Settings settings;
  private final ActorContext<Command> context;
  private ActorRef<AccountState> listener;
  private AccountState told;
  private long equity;
  private long cash;

  public static Behavior<Command> create(Settings settings) {
    return Behaviors.setup(context -> new AccountActor(context, settings));
  }

  public static PersistenceId persistenceId(String venue) {
    return PersistenceId.of("account", venue);
  }

  private AccountActor(ActorContext<Command> context, Settings settings) {
    super(persistenceId(settings.venue()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.settings = settings;
  }

  @Override
  public State emptyState() {
    return new State(settings.ceiling(), null, DailyLossBudget.NEW, NotionalReservations.NONE);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, (state, release) -> release.notional() < state.reserved().held(release.asset())
            ? Effect().persist(new Reserved(release.asset(), Math.max(0, release.notional()))) : Effect().none())
        .onCommand(Steer.class, this::onSteer)
        .onCommand(Mark.class, this::onMark)
        .onCommand(GetView.class, (state, get) -> Effect().reply(get.replyTo(), view(state)))
        .onCommand(Listen.class, (state, listen) -> {
          listener = listen.listener();
          told = null;
          tell(state);
          return Effect().none();
        })
        .onCommand(StartOver.class, (state, start) -> Effect().persist(new StartedOver())
            .thenRun(after -> start.replyTo().tell(assetsState(after))))
        .build();
  }

  private Effect<Event, State> onReserve(State state, Reserve reserve) {
    AccountState now = assetsState(state);
    long ceiling = Rate.apply(settings.maxNotional(), Rate.ofDouble(state.limits().maxPosition()), RoundingMode.UP);
    long granted = state.reserved().grant(reserve.asset(), reserve.notional(), cap(state), ceiling,
        now.entriesAllowed());
    Granted answer = new Granted(reserve.asset(), granted, reserve.ticket());
    if (granted == state.reserved().held(reserve.asset())) {
      return Effect().reply(reserve.replyTo(), answer);
    }
    return Effect().persist(new Reserved(reserve.asset(), granted)).thenReply(reserve.replyTo(), after -> answer);
  }

  private Effect<Event, State> onSteer(State state, Steer steer) {
    if (steer.steering() instanceof Steering.Kill kill) {
      if (state.killed() != null) {
        return Effect().reply(steer.replyTo(), new SteerReply.Applied(assetsState(state)));
      }
      context.getLog().error("KILL SWITCH: {} — every asset flattens, no new exposure", kill.reason());
      return Effect().persist(new Killed(kill.reason())).thenRun(this::tell)
          .thenReply(steer.replyTo(), after -> new SteerReply.Applied(assetsState(after)));
    }
    if (steer.steering() instanceof Steering.SetLimit set) {
      try {
        TunableLimits.Name name = TunableLimits.Name.parse(set.limit());
        state.limits().with(name, set.value(), settings.ceiling());
        context.getLog().warn("risk limit {} changed from {} to {}", set.limit(), state.limits().get(name), set.value());
      } catch (IllegalArgumentException e) {
        return Effect().reply(steer.replyTo(), new SteerReply.Refused(e.getMessage()));
      }
      return Effect().persist(new LimitSet(set.limit(), set.value())).thenRun(this::tell)
          .thenReply(steer.replyTo(), after -> new SteerReply.Applied(assetsState(after)));
    }
    return Effect().reply(steer.replyTo(), new SteerReply.Refused("not an account command: " + steer.steering()));
  }

  private Effect<Event, State> onMark(State state, Mark mark) {
    equity = mark.equity();
    cash = mark.cash();
    DailyLossBudget next = settings.dailyLoss()
        ? state.budget().update(mark.time(), mark.equity(), state.limits().maxDailyLoss()) : state.budget();
    if (next.equals(state.budget())) {
      tell(state);
      return mark.replyTo() == null ? Effect().none() : Effect().reply(mark.replyTo(), assetsState(state));
    }
    if (next.spent() && !state.budget().spent()) {
      context.getLog().error("DAILY LOSS budget spent: equity {} against the day's open {} — every asset flattens",
          Fixed.toString(mark.equity()), Fixed.toString(next.dayOpen()));
    }
    var effect = Effect().persist(new BudgetChanged(next)).thenRun(this::tell);
    return mark.replyTo() == null ? effect : effect.thenReply(mark.replyTo(), this::assetsState);
  }

  /** Tells the listener the assets' state when what they act on changed (cash: when it moved by 1 % or more). */
  private void tell(State state) {
    AccountState now = assetsState(state);
    if (listener == null || now.equals(told)) {
      return;
    }
    if (told != null && told.killed() == now.killed() && told.dailyLossSpent() == now.dailyLossSpent()
        && told.maxPosition() == now.maxPosition()
        && Math.abs(Fixed.toDouble(now.cash() - told.cash())) < 0.01 * Math.abs(Fixed.toDouble(told.cash()))) {
      return;
    }
    told = now;
    listener.tell(now);
  }

  private AccountState assetsState(State state) {
    return new AccountState(state.killed() != null, state.budget().spent(), state.limits().maxPosition(), cash);
  }

  private long cap(State state) {
    return Rate.apply(Math.multiplyExact(settings.maxNotional(), (long) settings.assets()),
        Rate.ofDouble(state.limits().maxPortfolio()), RoundingMode.DOWN);
  }

  private View view(State state) {
    return new View(state.limits(), settings.ceiling(), state.killed(), state.budget().spent(),
        state.budget().todayReturn(equity), state.reserved().sorted(), cap(state), equity, cash);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Reserved.class, (s, e) -> new State(s.limits(), s.killed(), s.budget(),
            s.reserved().with(e.asset(), e.notional())))
        .onEvent(LimitSet.class, (s, e) -> {
          TunableLimits.Name name = TunableLimits.Name.parse(e.limit());
          DailyLossBudget budget = name == TunableLimits.Name.MAX_DAILY_LOSS ? s.budget().limitChanged() : s.budget();
          return new State(s.limits().with(name, e.value(), settings.ceiling()), s.killed(), budget, s.reserved());
        })
        .onEvent(Killed.class, (s, e) -> new State(s.limits(), e.reason(), s.budget(), s.reserved()))
        .onEvent(BudgetChanged.class, (s, e) -> new State(s.limits(), s.killed(), e.budget(), s.reserved()))
        .onEvent(StartedOver.class, (s, e) -> emptyState())
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2);
  }
}
