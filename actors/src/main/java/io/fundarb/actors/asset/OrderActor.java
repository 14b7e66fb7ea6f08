package io.fundarb.actors.asset;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.account.LedgerSnapshot;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.Instrument;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.risk.ReservationQuanta;
import io.fundarb.engine.trading.AssetBooks;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The asset's order actor: it turns each approved target into requests and sends them itself — to
 * the replay clock that runs the simulated venue, or straight to the venue connection on this node
 * — and books every outcome the venue reports for them. Its state is event-sourced: the asset's
 * books (positions, margin, fees, funding per leg), the requests in flight, the last target, the
 * notional reservation it holds, the breaker's state and the asset's manual mode (paused,
 * flattening, removed), so a restart, a passivation or a move to another node brings all of it
 * back. A decision is journaled before its requests leave (write-ahead): after a crash, every
 * request the journal shows in flight is asked of the venue by id and resolved, never sent again.
 *
 * <p>Before a request that adds exposure it holds a reservation from the account actor (asked with
 * a timeout: no answer, no new exposure), in quanta of 5 % of its max notional
 * ({@link ReservationQuanta}: a target moving within a quantum does not call on the account);
 * reductions never wait. With the kill switch on, the
 * asset flattening or removed, the target is zero whatever the strategy said; in SAFE mode working
 * orders are cancelled. Persistence id {@code orders|<asset>}.
 */
public final class OrderActor extends EventSourcedBehavior<OrderActor.Command, OrderActor.Event, OrderActor.Books> {
  static final Duration RESERVE_TIMEOUT = Duration.ofSeconds(2);
  private static final String GRANT_TIMER = "grant";
  /** Events between snapshots: a restart reads at most this many events after the last one. */
  public static final int SNAPSHOT_EVERY = 250;

  /** Local to the asset's entity (never sent to another node): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /**
   * A replay step: the venue's reports for the asset since the last one (booked first), then the
   * market, which goes on to the feed with the books it left; the decision is answered to {@code clock}.
   */
  public record Step(long step, MarketStep market, List<VenueReport> reports, long cash, AccountState account,
      ActorRef<ReplayClock.Decided> clock, Legs legs) implements Command {}

  /**
   * What a portfolio's allocation wants the asset's legs to hold this step (Fixed, signed base
   * quantities; {@code toTarget}: go there now whatever the bands, the hedge being off over the
   * venues or the venue short of cash). A step with legs is planned toward them, not toward the
   * strategy's target; the asset's own risk rules do not apply to legs whose hedge may be on
   * another venue (the portfolio's limits and daily loss did, in the allocation). The kill switch,
   * the operator's pause, flatten and removal, and SAFE mode do.
   */
  public record Legs(long spotQty, long perpQty, boolean toTarget) implements Durable {
    static final Legs FLAT = new Legs(0, 0, true);
  }

  /** Outcomes from the venue connection (a live run). */
  public record Reports(List<VenueReport> reports) implements Command {}

  /** The risk actor's answer to a step. */
  public record Approved(Checked checked, AssetDecision decision) implements Command {}

  /** The account's state, pushed on change (a live run). */
  public record Account(AccountState state) implements Command {}

  /** The asset's manual mode changed (an operator's steering). */
  public record SetMode(Mode mode) implements Command {}

  /** The asset's breaker moved: journaled so that it comes back after a restart or a move. */
  public record RecordBreaker(String state, long since) implements Command {}

  public record GetBook(ActorRef<Book> replyTo) implements Command {}

  /** A replay starts over from its first step: books back to empty; the journal's trail is what the re-run must match. */
  public record StartOver(ActorRef<Started> replyTo) implements Command {}

  /** How the re-run's order events compare with those journaled before it. */
  public record Verify(ActorRef<Verified> replyTo) implements Command {}

  /** The account's answer to the reservation asked for with {@code ticket}. */
  private record GrantArrived(AccountActor.Granted granted) implements Command {}

  private record GrantTimedOut(long ticket) implements Command {}

  private record Resolved(List<VenueReport> reports, Reconciliation.Holding venue, String error) implements Command {}

  /** What the asset's entity hears when the journal is read back (and after a start-over). */
  record Recovered(Mode mode, String breaker, long since) {}

  public record Started(String asset, long journaledEvents) implements Durable {}

  /**
   * @param matched order events the re-run produced that the journal already held
   * @param mismatch why the re-run differs from the journal, or null
   */
  public record Verified(String asset, long matched, long written, String mismatch) implements Durable {}

  /**
   * The asset's manual mode: {@code paused} (SAFE: holds and reductions), {@code flattening}
   * (target zero until resumed), {@code removed} (flat and out of trading).
   */
  public record Mode(boolean paused, boolean flattening, boolean removed, String reason) implements Durable {
    public static final Mode NORMAL = new Mode(false, false, false, null);

    boolean safe() {
      return paused || flattening || removed;
    }
  }

  public sealed interface Event extends Durable {}

  /** Venue reports booked into the asset's books; {@code step} the replay step that brought them (-1 live). */
  public record Booked(long step, List<VenueReport> reports) implements Event {
    public Booked {
      reports = List.copyOf(reports);
    }
  }

  /** A decision: the target it set and the requests it sent (journaled before they leave). */
  public record Sent(long step, double target, List<VenueRequest> requests) implements Event {
    public Sent {
      requests = List.copyOf(requests);
    }
  }

  public record ReservationHeld(long notional) implements Event {}

  public record ModeChanged(Mode mode) implements Event {}

  public record BreakerChanged(String state, long since) implements Event {}

  public record StartedOver() implements Event {}

  /**
   * The order events in journal order as a count and a running FNV-1a digest of their text, so a
   * replay's re-run can check it produced exactly what the journal holds without reading it back.
   */
  public record Trail(long events, long digest) implements Durable {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    public static final Trail EMPTY = new Trail(0, FNV_OFFSET);

    Trail then(Event event) {
      long h = digest;
      for (byte b : event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * FNV_PRIME;
      }
      return new Trail(events + 1, h);
    }
  }

  /**
   * What an operator and a recovering run see of the journal: requests in flight (ids), counts of
   * reports by kind, the breaker, the mode, the reservation held and the trail of order events.
   */
  public record Book(String asset, long[] inFlight, long accepted, long fills, long rejections, long cancellations,
      String breaker, Mode mode, long reservation, double target, Trail trail, LedgerSnapshot ledger)
      implements Durable {}

  /**
   * The event-sourced state; mutable (its books are the engine's), changed only by
   * {@link #eventHandler()} and never in its pristine form.
   */
  static final class Books {
    final AssetBooks books;
    Trail trail = Trail.EMPTY;
    Trail expected = Trail.EMPTY;
    long accepted;
    long fills;
    long rejections;
    long cancellations;
    long reservation;
    Mode mode = Mode.NORMAL;
    String breaker = "CLOSED";
    long breakerSince;
    String mismatch;
    long bookedStep = -1;
    long decidedStep = -1;

    Books(AssetBooks books) {
      this.books = books;
    }

    Book book(String asset) {
      return new Book(asset, books.portfolio().openOrders().ids(), accepted, fills, rejections, cancellations,
          breaker, mode, reservation, books.target(), trail, books.ledgerSnapshot());
    }
  }

  /** A journal snapshot of {@link Books}. */
  public record Snapshot(AssetBooks.Snapshot books, Trail trail, Trail expected, long accepted, long fills,
      long rejections, long cancellations, long reservation, Mode mode, String breaker, long breakerSince,
      String mismatch, long bookedStep, long decidedStep) implements Durable {}

  private final String asset;
  private final int accountAsset;
  private final AssetSettings settings;
  private final ActorContext<Command> context;
  private final ActorRef<AssetEntity.Command> entity;
  private final ActorRef<FeedActor.Command> feed;
  private final ActorRef<AccountActor.Command> account;
  private final OrderGateway connected;
  private final IntentTimes intents;
  private final Universe own;
  /** The asset's latest market, which the books plan against (not journaled: every step brings it). */
  private final MarketState market = new MarketState(2);
  /**
   * The state before any event, never changed: a restart after a failed write recovers from it
   * again, so the first event of each recovery takes a fresh copy ({@link #mutable}).
   */
  private final Books pristine;
  private AccountState accountState = new AccountState(false, false, 1, 0);
  private ActorRef<ReplayClock.Decided> clock;
  /** This step's legs in a portfolio run (not journaled: every step brings them), or null. */
  private Legs legs;
  private long cash;
  private final ReservationQuanta quanta;
  private final TimerScheduler<Command> timers;
  private final ActorRef<AccountActor.Granted> grants;
  /** Numbers reservation asks, so an answer that comes after its timeout is ignored. */
  private long ticket;
  /** The decision waiting for a reservation (everything else waits behind it), or null. */
  private Approved pending;
  private double pendingTarget;

  /**
   * A failed journal write (or any failure) restarts the actor after a backoff: a fresh instance reads
   * the journal back (its state is rebuilt, never reused), then asks the venue about what it had in
   * flight (a connected venue) or answers the replay clock's step sent again.
   */
  static Behavior<Command> create(String asset, AssetSettings settings, ActorRef<AssetEntity.Command> entity,
      ActorRef<FeedActor.Command> feed, ActorRef<AccountActor.Command> account, OrderGateway connected) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new OrderActor(context, timers, asset, settings,
        entity, feed, account, connected)));
  }

  public static PersistenceId persistenceId(String asset) {
    return PersistenceId.of("orders", asset);
  }

  private OrderActor(ActorContext<Command> context, TimerScheduler<Command> timers, String asset,
      AssetSettings settings, ActorRef<AssetEntity.Command> entity, ActorRef<FeedActor.Command> feed,
      ActorRef<AccountActor.Command> account, OrderGateway connected) {
    super(persistenceId(asset), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5),
        0.2));
    this.context = context;
    this.asset = asset;
    this.settings = settings;
    this.accountAsset = settings.trading().accountIndex(asset);
    this.own = settings.trading().universe().single(accountAsset);
    this.pristine = fresh();
    this.entity = entity;
    this.feed = feed;
    this.account = account;
    this.connected = connected;
    this.intents = IntentTimes.get(context.getSystem());
    this.timers = timers;
    this.grants = context.messageAdapter(AccountActor.Granted.class, GrantArrived::new);
    this.quanta = new ReservationQuanta(Math.max(1, Rate.apply(settings.trading().maxNotional(),
        Rate.parse("0.05"), RoundingMode.UP))); // 5 % of the asset's max notional
  }

  @Override
  public Books emptyState() {
    return pristine;
  }

  private Books fresh() {
    return new Books(settings.trading().books(accountAsset, market));
  }

  /** The state an event may change: never the pristine one. */
  private Books mutable(Books s) {
    return s == pristine ? fresh() : s;
  }

  @Override
  public CommandHandler<Command, Event, Books> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onAnyCommand(this::dispatch);
  }

  /** The routing table; while a reservation is being asked for, everything else waits its turn. */
  private Effect<Event, Books> dispatch(Books s, Command command) {
    if (pending != null && !(command instanceof GrantArrived || command instanceof GrantTimedOut)) {
      return Effect().stash();
    }
    if (command instanceof Step step) {
      return onStep(s, step);
    } else if (command instanceof Reports reports) {
      return onReports(s, reports);
    } else if (command instanceof Approved approved) {
      return onApproved(s, approved);
    } else if (command instanceof GrantArrived arrived) {
      return pending != null && arrived.granted().ticket() == ticket ? onGranted(s, arrived.granted().notional(), true)
          : Effect().none(); // too late: the decision went ahead without it
    } else if (command instanceof GrantTimedOut timedOut) {
      return pending != null && timedOut.ticket() == ticket ? onGranted(s, s.reservation, false) : Effect().none();
    } else if (command instanceof Account update) {
      return onAccount(s, update);
    } else if (command instanceof SetMode set) {
      return set.mode().equals(s.mode) ? Effect().none() : Effect().persist(new ModeChanged(set.mode()))
          .thenRun(after -> context.getLog().info("{}: mode {}", asset, after.mode));
    } else if (command instanceof RecordBreaker b) {
      return Effect().persist(new BreakerChanged(b.state(), b.since()));
    } else if (command instanceof GetBook get) {
      return Effect().reply(get.replyTo(), s.book(asset));
    } else if (command instanceof StartOver start) {
      return Effect().persist(new StartedOver()).thenRun(after -> {
        entity.tell(new AssetEntity.OrdersRecovered(new Recovered(after.mode, after.breaker, after.breakerSince)));
        start.replyTo().tell(new Started(asset, after.expected.events()));
      });
    } else if (command instanceof Verify verify) {
      return Effect().reply(verify.replyTo(), verify(s));
    }
    return onResolved(s, (Resolved) command);
  }

  private Effect<Event, Books> onStep(Books s, Step step) {
    clock = step.clock();
    legs = step.legs();
    cash = step.cash();
    accountState = step.account();
    if (step.step() <= s.decidedStep) {
      return Effect().none().thenRun(after -> answer(after, step.step(), List.of())); // decided before a resend
    }
    // a step the journal already booked (the clock sent it again after a failed write) is not booked twice
    List<VenueReport> reports = step.step() <= s.bookedStep ? List.of() : mine(step.reports());
    return (reports.isEmpty() ? Effect().<Event, Books>none() : Effect().persist(new Booked(step.step(), reports)))
        .thenRun(after -> {
          feed.tell(new FeedActor.Position(after.books.ledgerSnapshot()));
          feed.tell(new FeedActor.Market(step.step(), step.market()));
        });
  }

  private Effect<Event, Books> onReports(Books s, Reports reports) {
    List<VenueReport> mine = mine(reports.reports());
    if (mine.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(new Booked(-1, mine)).thenRun(after -> feed.tell(
        new FeedActor.Position(after.books.ledgerSnapshot())));
  }

  /** Reports for other instruments are a routing error: logged and counted out, never booked here. */
  private List<VenueReport> mine(List<VenueReport> reports) {
    List<VenueReport> out = new ArrayList<>(reports.size());
    for (VenueReport r : reports) {
      if (r != null && own.indexOf(r.instrument()) >= 0) {
        out.add(r);
      } else {
        context.getLog().error("{}: dropped a venue report for another asset: {}", asset, r);
      }
    }
    return out;
  }

  private Effect<Event, Books> onApproved(Books s, Approved approved) {
    intents.record(asset, approved.decision().step(), approved.checked().arrivedNanos());
    for (var event : approved.checked().market().events()) {
      event.applyTo(market, 0, approved.checked().market().time());
    }
    if (legs != null) {
      return onLegs(s, approved);
    }
    AssetDecision decision = approved.decision();
    double target = override(s, decision);
    if (approved.checked().tick().time() < settings.trading().tradeFrom()) {
      return decide(s, approved, target, List.of(), false); // warm-up: the target is set, nothing sent
    }
    double wanted = s.books.guarded(target);
    long notional = s.books.notional(wanted);
    if (notional > s.reservation) {
      pending = approved;
      pendingTarget = wanted;
      account.tell(new AccountActor.Reserve(asset, quanta.ask(notional), ++ticket, grants));
      timers.startSingleTimer(GRANT_TIMER, new GrantTimedOut(ticket), RESERVE_TIMEOUT);
      return Effect().none();
    }
    return trade(s, approved, wanted, notional);
  }

  /**
   * A portfolio step: the legs the allocation wants, flat when killed, flattening or removed; nothing
   * new before trading starts or in SAFE mode (which cancels what works). No reservation is asked:
   * the allocation's limits cap the portfolio, and a venue granting one leg of a cross-venue
   * position less than the other would leave it unhedged.
   */
  private Effect<Event, Books> onLegs(Books s, Approved approved) {
    Legs wanted = accountState.killed() || s.mode.flattening() || s.mode.removed() ? Legs.FLAT : legs;
    boolean trading = approved.checked().tick().time() >= settings.trading().tradeFrom();
    boolean cancel = accountState.killed() || s.mode.safe() || approved.decision().safeMode();
    List<VenueRequest> requests = new ArrayList<>(cancel ? s.books.cancels() : List.of());
    if (trading && requests.isEmpty() && !(s.mode.safe() || approved.decision().safeMode())) {
      requests.addAll(s.books.planLegs(wanted.spotQty(), wanted.perpQty(), wanted.toTarget(), cash));
    }
    long step = approved.decision().step();
    if (requests.isEmpty()) {
      return Effect().none().thenRun(after -> answer(after, step, List.of())).thenUnstashAll();
    }
    List<VenueRequest> out = List.copyOf(requests);
    return Effect().persist(new Sent(step, Double.NaN, out)).thenRun(after -> send(after, step, out))
        .thenUnstashAll();
  }

  /** The target the decision may take: zero when killed, flattening or removed; capped by max-position. */
  private double override(Books s, AssetDecision decision) {
    if (accountState.killed() || s.mode.flattening() || s.mode.removed()) {
      return 0;
    }
    double cap = accountState.maxPosition();
    double wanted = decision.holds() ? s.books.hedgeRatio() : decision.target();
    return Math.abs(wanted) <= cap ? (decision.holds() ? Double.NaN : wanted) : Math.copySign(cap, wanted);
  }

  /** The reservation came back ({@code answered}) or not within the timeout: the waiting decision goes ahead within it. */
  private Effect<Event, Books> onGranted(Books s, long granted, boolean answered) {
    timers.cancel(GRANT_TIMER);
    Approved approved = pending;
    pending = null;
    if (!answered) {
      context.getLog().warn("{}: the account did not answer a reservation within {}: no new exposure", asset,
          RESERVE_TIMEOUT);
    }
    double target = s.books.within(pendingTarget, granted);
    List<Event> events = new ArrayList<>(2);
    if (granted != s.reservation) {
      events.add(new ReservationHeld(granted));
    }
    return decide(s, approved, target, events, true);
  }

  private Effect<Event, Books> trade(Books s, Approved approved, double target, long notional) {
    List<Event> events = new ArrayList<>(2);
    long keep = quanta.keep(notional, s.reservation);
    if (keep < s.reservation) {
      account.tell(new AccountActor.Release(asset, keep));
      events.add(new ReservationHeld(keep));
    }
    return decide(s, approved, target, events, true);
  }

  /** Journals the decision (and what it sends), then sends; a replay's step is answered either way. */
  private Effect<Event, Books> decide(Books s, Approved approved, double target, List<Event> events, boolean send) {
    boolean cancel = accountState.killed() || s.mode.safe() || approved.decision().safeMode();
    List<VenueRequest> requests = new ArrayList<>(cancel ? s.books.cancels() : List.of());
    double guarded = s.books.guarded(target);
    if (send && requests.isEmpty()) {
      requests.addAll(s.books.plan(guarded, cash));
    }
    long step = approved.decision().step();
    if (!requests.isEmpty() || guarded != s.books.target()) {
      List<Event> all = new ArrayList<>(events);
      all.add(new Sent(step, guarded, List.copyOf(requests)));
      events = all;
    }
    if (events.isEmpty()) {
      return Effect().none().thenRun(after -> answer(after, step, List.of())).thenUnstashAll();
    }
    List<VenueRequest> out = List.copyOf(requests);
    return Effect().persist(events).thenRun(after -> send(after, step, out)).thenUnstashAll();
  }

  private void send(Books s, long step, List<VenueRequest> requests) {
    if (clock == null && connected != null && !requests.isEmpty()) {
      connected.send(accountAsset, requests, leg(s, Universe.spotIndex(0)), leg(s, Universe.perpIndex(0)));
    }
    answer(s, step, requests);
  }

  /** A replay's step is answered with the requests the simulated venue must take (in this order). */
  private void answer(Books s, long step, List<VenueRequest> requests) {
    if (clock != null) {
      clock.tell(new ReplayClock.Decided(asset, step, requests, s.trail.events()));
    }
  }

  /** A leg's market as the decision saw it (the gateway may price against a fresher book). */
  private static LegMarket leg(Books s, int i) {
    MarketState m = s.books.market();  // the actor's market, shared by every state
    Instrument instrument = s.books.universe().instrument(i);
    long size = Math.max(m.volume(i), Math.max(m.bidSize(i), m.askSize(i)));
    return new LegMarket(m.lastPrice(i), size, instrument.lotSize(), instrument.tickSize(), instrument.minNotional());
  }

  private Effect<Event, Books> onAccount(Books s, Account update) {
    boolean newlyKilled = update.state().killed() && !accountState.killed();
    accountState = update.state();
    cash = update.state().cash();
    if (!newlyKilled || clock != null || !s.books.priced()) {
      return Effect().none();
    }
    // the kill switch flattens at once, whatever the strategy is doing
    context.getLog().error("{}: kill switch: flattening now", asset);
    List<VenueRequest> requests = new ArrayList<>(s.books.cancels());
    if (requests.isEmpty()) {
      requests.addAll(s.books.plan(0, cash));
    }
    List<VenueRequest> out = List.copyOf(requests);
    return Effect().persist(new Sent(-1, 0, out)).thenRun(after -> send(after, -1, out));
  }

  @Override
  public SignalHandler<Books> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  private void onRecovered(Books s) {
    entity.tell(new AssetEntity.OrdersRecovered(new Recovered(s.mode, s.breaker, s.breakerSince)));
    feed.tell(new FeedActor.Position(s.books.ledgerSnapshot()));
    long[] inFlight = s.books.portfolio().openOrders().ids();
    if (connected != null) {
      ActorRef<Command> self = context.getSelf();
      connected.attach(accountAsset, s.books.portfolio().ledger().quantity(Universe.spotIndex(0)),
          s.books.portfolio().ledger().quantity(Universe.perpIndex(0)), inFlight.length,
          reports -> self.tell(new Reports(reports)),
          mismatch -> entity.tell(new AssetEntity.Trip("venue holds " + Fixed.toString(mismatch.actual()) + " on the "
              + mismatch.leg() + " leg, the node's executions " + Fixed.toString(mismatch.expected()),
              System.currentTimeMillis())));
    }
    if (connected == null || s.trail.events() == 0 && s.books.flat()) {
      return; // nothing sent yet on this venue: nothing to ask it
    }
    if (inFlight.length > 0) {
      context.getLog().warn("{}: {} request(s) were in flight at the restart: asking the venue what became of them",
          asset, inFlight.length);
    }
    ActorRef<Command> self = context.getSelf();
    CompletableFuture.runAsync(() -> {
      try {
        List<VenueReport> reports = inFlight.length == 0 ? List.of() : connected.resolve(accountAsset, inFlight);
        self.tell(new Resolved(reports, connected.holding(accountAsset), null));
      } catch (RuntimeException e) {
        self.tell(new Resolved(List.of(), null, e.toString()));
      }
    });
  }

  /** After a restart on a connected venue: book what the venue did, then compare its holdings with the books. */
  private Effect<Event, Books> onResolved(Books s, Resolved resolved) {
    if (resolved.error() != null) {
      entity.tell(new AssetEntity.Trip("the venue could not be asked about the orders in flight at the restart: "
          + resolved.error(), System.currentTimeMillis()));
      return Effect().none();
    }
    List<VenueReport> reports = mine(resolved.reports());
    for (VenueReport r : reports) {
      context.getLog().warn("{}: resolved at the venue: {}", asset, describe(r));
    }
    return (reports.isEmpty() ? Effect().<Event, Books>none() : Effect().persist(new Booked(-1, reports)))
        .thenRun(after -> adopt(after, resolved.venue()));
  }

  private void adopt(Books s, Reconciliation.Holding venue) {
    feed.tell(new FeedActor.Position(s.books.ledgerSnapshot()));
    long spot = s.books.portfolio().ledger().quantity(0);
    long perp = s.books.portfolio().ledger().quantity(1);
    long tolerance = settings.trading().reconcileTolerance();
    if (Math.abs(venue.perp() - perp) > tolerance || Math.abs(venue.spot() - spot) > tolerance) {
      entity.tell(new AssetEntity.Trip("after the restart the venue holds spot " + Fixed.toString(venue.spot())
          + " / perp " + Fixed.toString(venue.perp()) + ", the journal spot " + Fixed.toString(spot) + " / perp "
          + Fixed.toString(perp), System.currentTimeMillis()));
    } else {
      context.getLog().warn("{}: positions adopted after the restart: the venue holds what the journal says (spot {},"
          + " perp {})", asset,
          Fixed.toString(spot), Fixed.toString(perp));
    }
  }

  private static String describe(VenueReport r) {
    if (r instanceof VenueReport.Filled f) {
      Fill fill = f.fill();
      return "order " + fill.clientOrderId() + " filled " + fill.signedQuantity() + " at " + fill.price();
    } else if (r instanceof VenueReport.Canceled c) {
      Cancellation cancel = c.cancellation();
      return "order " + cancel.clientOrderId() + " ended: " + cancel.reason();
    }
    return r.toString();
  }

  private Verified verify(Books s) {
    long matched = Math.min(s.trail.events(), s.expected.events());
    long written = Math.max(0, s.trail.events() - s.expected.events());
    String mismatch = s.mismatch;
    if (mismatch == null && s.trail.events() < s.expected.events()) {
      mismatch = "the journal holds " + s.expected.events() + " order events, the re-run produced " + s.trail.events();
    }
    return new Verified(asset, matched, written, mismatch);
  }

  @Override
  public EventHandler<Books, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Booked.class, (state, e) -> {
          Books s = mutable(state);
          s.bookedStep = Math.max(s.bookedStep, e.step());
          for (VenueReport r : e.reports()) {
            s.books.apply(r);
            count(s, r);
          }
          return order(s, e);
        })
        .onEvent(Sent.class, (state, e) -> {
          Books s = mutable(state);
          s.decidedStep = Math.max(s.decidedStep, e.step());
          s.books.sent(e.target(), e.requests());
          return order(s, e);
        })
        .onEvent(ReservationHeld.class, (state, e) -> {
          Books s = mutable(state);
          s.reservation = e.notional();
          return s;
        })
        .onEvent(ModeChanged.class, (state, e) -> {
          Books s = mutable(state);
          s.mode = e.mode();
          return s;
        })
        .onEvent(BreakerChanged.class, (state, e) -> {
          Books s = mutable(state);
          s.breaker = e.state();
          s.breakerSince = e.since();
          return s;
        })
        .onEvent(StartedOver.class, (s, e) -> {
          Books fresh = fresh();
          fresh.expected = s.trail.events() >= s.expected.events() ? s.trail : s.expected;
          return fresh;
        })
        .build();
  }

  /** An order event extends the trail; past the trail a start-over expects, it must match it. */
  private static Books order(Books s, Event e) {
    s.trail = s.trail.then(e);
    if (s.mismatch == null && s.trail.events() == s.expected.events() && !s.trail.equals(s.expected)) {
      s.mismatch = "the re-run's first " + s.expected.events() + " order events differ from the journal's (digest)";
    }
    return s;
  }

  private static void count(Books s, VenueReport r) {
    if (r instanceof VenueReport.Accepted) {
      s.accepted++;
    } else if (r instanceof VenueReport.Filled) {
      s.fills++;
    } else if (r instanceof VenueReport.Rejected) {
      s.rejections++;
    } else if (r instanceof VenueReport.Canceled) {
      s.cancellations++;
    }
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
  }

  @Override
  public SnapshotAdapter<Books> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Books s) {
        return new Snapshot(s.books.snapshot(), s.trail, s.expected, s.accepted, s.fills, s.rejections,
            s.cancellations, s.reservation, s.mode, s.breaker, s.breakerSince, s.mismatch, s.bookedStep,
            s.decidedStep);
      }

      @Override
      public Books fromJournal(Object from) {
        Snapshot snap = (Snapshot) from;
        Books s = fresh();
        s.books.restore(snap.books());
        s.trail = snap.trail();
        s.expected = snap.expected();
        s.accepted = snap.accepted();
        s.fills = snap.fills();
        s.rejections = snap.rejections();
        s.cancellations = snap.cancellations();
        s.reservation = snap.reservation();
        s.mode = snap.mode();
        s.breaker = snap.breaker();
        s.breakerSince = snap.breakerSince();
        s.mismatch = snap.mismatch();
        s.bookedStep = snap.bookedStep();
        s.decidedStep = snap.decidedStep();
        return s;
      }
    };
  }
}
