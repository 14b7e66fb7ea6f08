package io.fundarb.streams.xchange;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.Instrument;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.RejectReason;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.venue.ExecutionListener;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.TopOfBook;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's venue on a Binance-protocol exchange (the loopback venue, or a testnet with an
 * explicit opt-in). The orders one step's decisions submit for an asset leave together once the
 * step is decided: an opposite pair of spot and perp orders as one hedge through
 * {@link HedgedExecutor} (both legs at once, child orders in a slippage band, repair until
 * neutral), a lone leg as children without repair. Every child's execution becomes a fill of the
 * engine order of its leg (exact price from the quote amount, the configured taker fee); what an
 * order did not execute is reported cancelled, a refusal rejected. Outcomes wait in a queue until
 * the account takes them on its own thread ({@link #deliver}).
 *
 * <p>All venue calls run on one worker thread, so executions and reconciliations never overlap:
 * after each asset's orders and every {@code reconcileEveryMs}, the venue's holdings are compared
 * with its holdings at start plus everything executed here; a leg that differs by more than the
 * tolerance is reported once (until it changes) for the asset's breaker.
 *
 * <p>Decisions written down: margin transfers are the engine's own bookkeeping (the venue takes a
 * position's isolated margin from the futures wallet at the leverage set before trading), so they
 * are acknowledged at once; funding is booked at each settlement the feed announces, on the
 * position the node was told about, at the announced rate and the step's mark price, and checked
 * against the venue's funding income by {@link #reconcileFunding}.
 */
public final class ExchangeVenue implements ConnectedVenue, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeVenue.class);

  /**
   * @param spotFee taker fee on the spot leg (Rate); {@code perpFee} likewise
   * @param tolerance the largest holding difference that is not a mismatch (Fixed, base units)
   */
  public record Settings(HedgeRepair.Settings repair, ChildOrders.Settings children, long spotFee, long perpFee,
      long reconcileEveryMs, long tolerance) {}

  private final Universe universe;
  private final BinanceVenueClient client;
  private final TopOfBook book;
  private final HedgedExecutor executor;
  private final Settings settings;
  private final LongSupplier clock;
  private final long intentBase;
  private final Reconciliation.Holding[] baseline;
  private final long[] executed;
  private final Map<String, Reconciliation.Mismatch> reported = new HashMap<>();
  private final ScheduledExecutorService worker;
  private final ConcurrentLinkedQueue<Consumer<ExecutionListener>> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Reconciliation.Mismatch> mismatches = new ConcurrentLinkedQueue<>();
  private final Map<Integer, OrderRequest[]> planned = new LinkedHashMap<>();
  private final long[] position;
  private final java.util.concurrent.atomic.AtomicLongArray booked;
  private final java.util.concurrent.atomic.AtomicReference<long[]> settlements =
      new java.util.concurrent.atomic.AtomicReference<>(); // first and last settlement time heard of
  private volatile Runnable onArrival = () -> {};
  private MarketState market;
  private ExecutionListener listener;

  private ExchangeVenue(Universe universe, BinanceVenueClient client, Settings settings, TopOfBook book,
      LongSupplier clock, Reconciliation.Holding[] baseline) {
    this.universe = universe;
    this.book = book;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.executor = new HedgedExecutor(client, settings.repair(), settings.children(), clock);
    this.baseline = baseline;
    this.executed = new long[universe.instrumentCount()];
    this.position = new long[universe.instrumentCount()];
    this.booked = new java.util.concurrent.atomic.AtomicLongArray(universe.assetCount());
    // client order ids name the intent: seconds since the epoch keep them unique across restarts
    this.intentBase = clock.getAsLong() / 1_000 * 1_000_000;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "exchange-venue");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Prepares every perp (margin type, leverage), reads the venue's holdings as the starting point
   * of reconciliation and starts the periodic reconciliation. Refuses an account that already holds
   * a position in one of the perps: the node would trade on top of it, its hedge unknown. (Spot
   * balances are taken as the starting point: a testnet account comes with coins.)
   */
  public static ExchangeVenue open(Universe universe, BinanceVenueClient client, Settings settings, TopOfBook book,
      int leverage, LongSupplier clock) {
    Reconciliation.Holding[] baseline = new Reconciliation.Holding[universe.assetCount()];
    for (int a = 0; a < baseline.length; a++) {
      String symbol = universe.pair(a).asset().symbol();
      client.prepareFutures(symbol, leverage, true);
      baseline[a] = client.holding(symbol);
      if (baseline[a].perp() != 0) {
        throw new IllegalArgumentException("the venue account already holds " + Fixed.toString(baseline[a].perp())
            + " " + symbol + " perp: a connected run starts from a flat perp book, since it cannot manage a"
            + " position it did not open (a crashed run's, or a hand-made one); close it on the venue first");
      }
    }
    ExchangeVenue venue = new ExchangeVenue(universe, client, settings, book, clock, baseline);
    if (settings.reconcileEveryMs() > 0) {
      venue.worker.scheduleWithFixedDelay(venue::reconcileAll, settings.reconcileEveryMs(),
          settings.reconcileEveryMs(), TimeUnit.MILLISECONDS);
    }
    return venue;
  }

  @Override
  public void connect(MarketState market, ExecutionListener listener) {
    this.market = market;
    this.listener = listener;
  }

  @Override
  public void onArrival(Runnable callback) {
    this.onArrival = callback;
  }

  @Override
  public void submit(OrderRequest order) {
    int i = universe.indexOf(order.instrument());
    if (i < 0) {
      report(l -> l.onRejected(new Rejection(order.clientOrderId(), order.instrument(), clock.getAsLong(),
          RejectReason.UNKNOWN_INSTRUMENT, "not traded here")));
      return;
    }
    planned.computeIfAbsent(Universe.assetOf(i), a -> new OrderRequest[2])[Universe.isPerp(i) ? 1 : 0] = order;
  }

  /** Only orders not sent yet can be cancelled: every order sent is immediate-or-cancel. */
  @Override
  public void cancel(InstrumentId instrument, long clientOrderId) {
    for (OrderRequest[] legs : planned.values()) {
      for (int k = 0; k < 2; k++) {
        if (legs[k] != null && legs[k].clientOrderId() == clientOrderId) {
          OrderRequest order = legs[k];
          legs[k] = null;
          report(l -> l.onCanceled(new Cancellation(clientOrderId, instrument, clock.getAsLong(), order.quantity(),
              "cancelled before it was sent")));
        }
      }
    }
  }

  @Override
  public void transferMargin(long requestId, InstrumentId perp, long amount) {
    report(l -> l.onMarginTransfer(requestId, perp, clock.getAsLong(), amount));
  }

  @Override
  public void afterDecisions() {
    for (Map.Entry<Integer, OrderRequest[]> e : planned.entrySet()) {
      int asset = e.getKey();
      OrderRequest spot = e.getValue()[0];
      OrderRequest perp = e.getValue()[1];
      if (spot == null && perp == null) {
        continue;
      }
      HedgedExecutor.LegMarket spotStep = legMarket(Universe.spotIndex(asset));
      HedgedExecutor.LegMarket perpStep = legMarket(Universe.perpIndex(asset));
      worker.execute(() -> send(asset, spot, perp, () -> live(asset, Leg.SPOT, spotStep),
          () -> live(asset, Leg.PERP, perpStep)));
    }
    planned.clear();
  }

  /**
   * The leg's market when the orders leave: the latest book ticker (mid as the reference, the size
   * at the touch as the liquidity) when the feed has one, else the step's.
   */
  private HedgedExecutor.LegMarket live(int asset, Leg leg, HedgedExecutor.LegMarket step) {
    TopOfBook.Quote quote = book.get(universe.pair(asset).asset().symbol(), leg);
    if (quote == null) {
      return step;
    }
    return new HedgedExecutor.LegMarket(quote.mid(), Math.min(quote.bidQty(), quote.askQty()), step.lot(), step.tick());
  }

  /** The leg's market as the step left it (read on the account's thread). */
  private HedgedExecutor.LegMarket legMarket(int i) {
    Instrument instrument = universe.instrument(i);
    long size = Math.max(market.volume(i), Math.max(market.bidSize(i), market.askSize(i)));
    return new HedgedExecutor.LegMarket(market.lastPrice(i), size, instrument.lotSize(), instrument.tickSize());
  }

  /**
   * On the worker: one asset's orders of a step, then their outcomes and a reconciliation. Each
   * send reads the legs' market again; slippage is measured from the market as the orders left.
   */
  private void send(int asset, OrderRequest spot, OrderRequest perp, Supplier<HedgedExecutor.LegMarket> spotLive,
      Supplier<HedgedExecutor.LegMarket> perpLive) {
    HedgedExecutor.LegMarket spotMarket = spotLive.get();
    HedgedExecutor.LegMarket perpMarket = perpLive.get();
    String symbol = universe.pair(asset).asset().symbol();
    long intent = intentBase + (spot != null ? spot.clientOrderId() : perp.clientOrderId());
    List<HedgedExecutor.ChildFill> fills = new ArrayList<>();
    Consumer<HedgedExecutor.ChildFill> collect = fill -> {
      synchronized (fills) {
        fills.add(fill);
      }
    };
    String error = null;
    try {
      if (spot != null && perp != null && spot.side() != perp.side()) {
        executor.execute(symbol, intent, spot.signedQuantity(), perp.signedQuantity(), perp.reduceOnly(), spotLive,
            perpLive, collect);
      } else {
        if (spot != null) {
          executor.executeLeg(symbol, intent, Leg.SPOT, spot.signedQuantity(), false, spotLive, collect);
        }
        if (perp != null) {
          executor.executeLeg(symbol, intent, Leg.PERP, perp.signedQuantity(), perp.reduceOnly(),
              perpLive, collect);
        }
      }
    } catch (RuntimeException e) {
      error = e.getMessage();
      LOG.error("{}: orders of intent {} ended in an error: {}", symbol, intent, error);
    }
    long time = clock.getAsLong();
    List<Consumer<ExecutionListener>> reports = new ArrayList<>();
    if (spot != null) {
      reports.addAll(outcome(spot, Universe.spotIndex(asset), Leg.SPOT, fills, spotMarket, error, time));
    }
    if (perp != null) {
      reports.addAll(outcome(perp, Universe.perpIndex(asset), Leg.PERP, fills, perpMarket, error, time));
    }
    outcomes.add(l -> reports.forEach(r -> r.accept(l))); // one element: a hedge is never booked half
    try {
      reconcile(asset);
    } catch (RuntimeException e) {
      LOG.warn("{}: reconciliation after the orders could not read the venue: {}", symbol, e.getMessage());
    }
    onArrival.run();
  }

  /** An order's fills (each child of its leg), then its end when they did not complete it. */
  private List<Consumer<ExecutionListener>> outcome(OrderRequest order, int i, Leg leg,
      List<HedgedExecutor.ChildFill> fills, HedgedExecutor.LegMarket legMarket, String error, long time) {
    List<Consumer<ExecutionListener>> out = new ArrayList<>();
    long fee = i == Universe.spotIndex(Universe.assetOf(i)) ? settings.spotFee() : settings.perpFee();
    long requested = order.quantity().raw();
    long progressed = 0;
    String refused = null;
    for (HedgedExecutor.ChildFill child : fills) {
      if (child.leg() != leg) {
        continue;
      }
      if (child.refused() != null) {
        refused = child.refused();
        continue;
      }
      long quantity = child.execution().quantity();
      long quote = child.execution().quote();
      executed[i] += quantity;
      progressed += order.side().sign() * quantity;
      long remaining = Math.max(0, requested - progressed);
      long abs = Math.abs(quantity);
      long price = Fixed.div(quote, abs, RoundingMode.HALF_EVEN);
      long slippage = Math.abs(quote - Fixed.mul(abs, legMarket.reference(), RoundingMode.HALF_EVEN));
      Fill fill = new Fill(order.clientOrderId(), order.instrument(), time, Side.ofSignedQuantity(quantity),
          new Price(price), new Quantity(abs), Rate.apply(quote, fee, RoundingMode.HALF_EVEN), slippage,
          Liquidity.TAKER, new Quantity(remaining));
      out.add(l -> {
        position[i] += fill.signedQuantity(); // funding is paid on what the node was told
        l.onFill(fill);
      });
    }
    long unfilled = Math.max(0, requested - progressed);
    if (progressed == 0 && (error != null || refused != null)) {
      Rejection rejection = new Rejection(order.clientOrderId(), order.instrument(), time, RejectReason.VENUE_ERROR,
          refused != null ? "the venue refused it: " + refused : error);
      out.add(l -> l.onRejected(rejection));
    } else if (unfilled > 0) {
      Cancellation end = new Cancellation(order.clientOrderId(), order.instrument(), time, new Quantity(unfilled),
          error != null ? error : "the rest found no liquidity inside the slippage band (immediate-or-cancel)");
      out.add(l -> l.onCanceled(end));
    }
    return out;
  }

  /**
   * Compares the venue's holdings with the executions now, after every order sent so far (blocks
   * until the worker gets to it); the findings are also reported as usual.
   */
  public List<Reconciliation.Mismatch> reconcileNow() {
    return onWorker("reconciliation", () -> {
      List<Reconciliation.Mismatch> found = new ArrayList<>();
      for (int a = 0; a < universe.assetCount(); a++) {
        found.addAll(reconcile(a));
      }
      return found;
    });
  }

  /** Runs {@code work} on the worker, after the venue calls queued before it, and waits for it (60 s). */
  private <T> T onWorker(String what, java.util.concurrent.Callable<T> work) {
    try {
      return worker.submit(work).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " did not complete: " + e.getMessage(), e);
    }
  }

  /** On the worker: every asset. */
  private void reconcileAll() {
    try {
      for (int a = 0; a < universe.assetCount(); a++) {
        reconcile(a);
      }
      onArrival.run();
    } catch (RuntimeException e) {
      LOG.warn("reconciliation could not read the venue: {}", e.getMessage());
    }
  }

  /** On the worker: the venue's holdings against the start plus what was executed here; returns the differences. */
  private List<Reconciliation.Mismatch> reconcile(int asset) {
    String id = universe.pair(asset).asset().toString();
    Reconciliation.Holding venue = client.holding(universe.pair(asset).asset().symbol());
    Reconciliation.Holding start = baseline[asset];
    Reconciliation.Holding expected = new Reconciliation.Holding(start.spot() + executed[Universe.spotIndex(asset)],
        start.perp() + executed[Universe.perpIndex(asset)]);
    List<Reconciliation.Mismatch> found = Reconciliation.compare(Map.of(id, expected), Map.of(id, venue),
        settings.tolerance());
    for (Leg leg : Leg.values()) {
      String key = id + "|" + leg;
      Reconciliation.Mismatch now = found.stream().filter(m -> m.leg() == leg).findFirst().orElse(null);
      Reconciliation.Mismatch before = reported.get(key);
      if (now != null && !now.equals(before)) {
        LOG.error("reconciliation: {} {} leg: venue {} vs node {}", id, leg, Fixed.toString(now.actual()),
            Fixed.toString(now.expected()));
        mismatches.add(now);
        reported.put(key, now);
      } else if (now == null && before != null) {
        LOG.info("reconciliation: {} {} leg agrees again", id, leg);
        reported.remove(key);
      }
    }
    return found;
  }

  private void report(Consumer<ExecutionListener> outcome) {
    outcomes.add(outcome);
    onArrival.run();
  }

  @Override
  public void deliver(long time) {
    Consumer<ExecutionListener> next;
    while ((next = outcomes.poll()) != null) {
      next.accept(listener);
    }
  }

  @Override
  public void onFunding(int perp, long time, long rate) {
    settlements.accumulateAndGet(new long[] {time, time}, (span, t) -> span == null ? t
        : new long[] {Math.min(span[0], t[0]), Math.max(span[1], t[1])});
    long size = position[perp];
    if (size == 0) {
      return;
    }
    long mark = market.markPrice(perp);
    long payment = FundingPayment.amount(size, mark, rate);
    booked.addAndGet(Universe.assetOf(perp), payment);
    listener.onFunding(universe.id(perp), time, rate, mark, payment);
  }

  /** An asset's funding as the node booked it and as the venue paid it (Fixed USDT, positive = received). */
  public record FundingCheck(String symbol, long booked, long paid) {
    public boolean matches() {
      return booked == paid;
    }
  }

  /**
   * The funding booked here against the venue's FUNDING_FEE income over the settlements this run
   * heard of, per asset; empty before the first. A difference is reported, not a breaker matter: it
   * moves cash, not exposure (a settlement the node booked on a position the venue did not yet or no
   * longer held — an order still in a retry at the settlement — shows here).
   */
  public List<FundingCheck> reconcileFunding() {
    long[] span = settlements.get();
    if (span == null) {
      return List.of();
    }
    return onWorker("funding reconciliation", () -> {
      List<FundingCheck> checks = new ArrayList<>();
      for (int a = 0; a < universe.assetCount(); a++) {
        String symbol = universe.pair(a).asset().symbol();
        checks.add(new FundingCheck(symbol, booked.get(a), client.fundingIncome(symbol, span[0], span[1])));
      }
      return checks;
    });
  }

  @Override
  public List<Reconciliation.Mismatch> drainMismatches() {
    List<Reconciliation.Mismatch> out = new ArrayList<>();
    Reconciliation.Mismatch next;
    while ((next = mismatches.poll()) != null) {
      out.add(next);
    }
    return out;
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("orders still in flight after 30 s; the next start reconciles them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
