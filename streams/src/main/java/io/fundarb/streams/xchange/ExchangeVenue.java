package io.fundarb.streams.xchange;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.ClientOrderIds;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.InstrumentKind;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
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
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import io.fundarb.streams.market.TopOfBook;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue account on a Binance-protocol exchange (the loopback venue, or a testnet with an explicit
 * opt-in), as every asset's order actor uses it ({@link OrderGateway}): an asset sends the requests
 * of one decision and they leave at once on that asset's own lane (assets trade side by side; an
 * asset's own hedges run one after another). An opposite pair of spot and perp orders goes as one
 * hedge through {@link HedgedExecutor} (both legs at once, child orders in a slippage band, repair
 * until neutral), a lone leg as children without repair. Every child's execution becomes a fill of
 * its order (exact price from the quote amount, the configured taker fee); what an order did not
 * execute is reported cancelled, a refusal rejected — all to the asset that sent it, and to the
 * account's mirror.
 *
 * <p>Client order ids name the run and the request ({@link ClientOrderIds}), so that a restarted
 * node finds what its in-flight requests did by asking for them ({@link #resolve}), never sending
 * them again. After each hedge and every {@code reconcileEveryMs} (on the asset's lane, never in the
 * middle of its hedge), an asset's holdings at the venue are compared with its baseline plus
 * everything executed here; a leg that differs by more than the tolerance is told to the asset once
 * (until it changes), for its breaker.
 *
 * <p>Decisions written down: margin transfers are the engine's own bookkeeping (the venue takes a
 * position's isolated margin from the futures wallet at the leverage set before trading), so they
 * are acknowledged at once; funding is booked at each settlement the feed announces ({@link
 * #onStep}), on the position the assets were told about, at the announced rate and the step's mark,
 * and checked against the venue's funding income by {@link #reconcileFunding}.
 */
public final class ExchangeVenue implements OrderGateway, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeVenue.class);

  /**
   * @param spotFee taker fee on the spot leg (Rate); {@code perpFee} likewise
   * @param tolerance the largest holding difference that is not a mismatch (Fixed, base units)
   * @param lanes threads the assets' hedges run on
   */
  public record Settings(HedgeRepair.Settings repair, ChildOrders.Settings children, long spotFee, long perpFee,
      long reconcileEveryMs, long tolerance, int lanes) {}

  /**
   * Where the venue's outcomes for an asset go: its reports, and a mismatch between what the venue
   * holds and what was executed here.
   */
  public interface AssetSink {
    void reports(List<VenueReport> reports);

    void mismatch(Reconciliation.Mismatch mismatch);
  }

  /**
   * What a run started from on this account: its id (it names every client order id) and the spot
   * balances the account held then (the reconciliation's baseline). Kept with the run, so a resumed
   * run names and reconciles its orders as before.
   */
  public record Baseline(long run, Map<String, Long> spot) {}

  private final Universe universe;
  private final BinanceVenueClient client;
  private final TopOfBook book;
  private final HedgedExecutor executor;
  private final Settings settings;
  private final LongSupplier clock;
  private final Baseline baseline;
  private final long[] executed;
  /** Per asset: resumed with requests in flight, not yet resolved — not reconciled meanwhile. */
  private final boolean[] unresolved;
  private final long[] position;
  private final AtomicLongArray booked;
  private final AtomicReference<long[]> settlements = new AtomicReference<>(); // first and last heard of
  private final MarketState market;
  private final AssetSink[] sinks;
  private final Map<String, Reconciliation.Mismatch> reported = new HashMap<>();
  private final CompletableFuture<?>[] lanes;
  /** 1 while an asset's periodic reconciliation waits on its lane. */
  private final java.util.concurrent.atomic.AtomicIntegerArray reconciling;
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.atomic.AtomicIntegerArray hedgesQueued;
  private final java.util.concurrent.atomic.AtomicLong hedgesBehind = new java.util.concurrent.atomic.AtomicLong();
  private volatile Consumer<List<VenueReport>> mirror = reports -> { };

  private ExchangeVenue(Universe universe, BinanceVenueClient client, Settings settings, TopOfBook book,
      LongSupplier clock, Baseline baseline) {
    this.universe = universe;
    this.book = book;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.executor = new HedgedExecutor(client, settings.repair(), settings.children(), clock);
    this.baseline = baseline;
    this.executed = new long[universe.instrumentCount()];
    this.unresolved = new boolean[universe.assetCount()];
    this.position = new long[universe.instrumentCount()];
    this.booked = new AtomicLongArray(universe.assetCount());
    this.market = new MarketState(universe.instrumentCount());
    this.sinks = new AssetSink[universe.assetCount()];
    this.lanes = new CompletableFuture<?>[universe.assetCount()];
    this.reconciling = new java.util.concurrent.atomic.AtomicIntegerArray(universe.assetCount());
    this.hedgesQueued = new java.util.concurrent.atomic.AtomicIntegerArray(universe.assetCount());
    java.util.Arrays.fill(lanes, CompletableFuture.completedFuture(null));
    this.pool = Executors.newFixedThreadPool(Math.max(1, settings.lanes()), daemon("exchange-venue"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("exchange-reconcile"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Prepares every perp (margin type, leverage) and starts the periodic reconciliation. A fresh run
   * ({@code resumed} null) reads the account's spot balances as its baseline and refuses an account
   * that already holds a position in one of its perps: it would trade on top of a position whose
   * hedge it does not know. A resumed run keeps its baseline: its assets adopt what the venue holds
   * once their journals explain it, or trip.
   */
  public static ExchangeVenue open(Universe universe, BinanceVenueClient client, Settings settings, TopOfBook book,
      int leverage, LongSupplier clock, Baseline resumed) {
    Map<String, Long> spot = new HashMap<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      String symbol = universe.pair(a).asset().symbol();
      client.prepareFutures(symbol, leverage, true);
      if (resumed == null) {
        Reconciliation.Holding holding = client.holding(symbol);
        if (holding.perp() != 0) {
          throw new IllegalArgumentException("the venue account already holds " + Fixed.toString(holding.perp()) + " "
              + symbol + " perp: a new connected run starts from a flat perp book, since it cannot manage a position"
              + " it did not open (a hand-made one, or another run's); close it on the venue first, or resume the"
              + " run that opened it (the same --out)");
        }
        spot.put(symbol, holding.spot());
      }
    }
    Baseline baseline = resumed != null ? resumed : new Baseline(clock.getAsLong() / 1_000, Map.copyOf(spot));
    ExchangeVenue venue = new ExchangeVenue(universe, client, settings, book, clock, baseline);
    if (settings.reconcileEveryMs() > 0) {
      venue.timer.scheduleWithFixedDelay(venue::reconcileAll, settings.reconcileEveryMs(), settings.reconcileEveryMs(),
          TimeUnit.MILLISECONDS);
    }
    return venue;
  }

  /** What this run started from (to keep with the run). */
  public Baseline baseline() {
    return baseline;
  }

  /** Every report sent to any asset also goes to {@code mirror} (the account's books), on a venue thread. */
  public void mirror(Consumer<List<VenueReport>> mirror) {
    this.mirror = mirror;
  }

  /**
   * The asset's outcomes go to {@code sink} from now on; {@code spot} and {@code perp} (Fixed) are
   * what its books hold (a resumed asset's journal): executed by this run, reconciled against.
   *
   * <p>On the asset's lane, after its earlier work: an asset that moved to another cluster member in
   * the middle of a hedge attaches again from there, and that hedge's outcome must go to its old
   * owner (which is gone) and be counted before the new owner's books replace the count — the new
   * owner then learns it by asking ({@link #resolve}), never twice.
   */
  public void attach(int asset, long spot, long perp, int inFlight, AssetSink sink) {
    lane(asset, () -> {
      synchronized (this) {
        sinks[asset] = sink;
        unresolved[asset] = inFlight > 0;
        executed[Universe.spotIndex(asset)] = spot;
        executed[Universe.perpIndex(asset)] = perp;
        position[Universe.spotIndex(asset)] = spot;
        position[Universe.perpIndex(asset)] = perp;
      }
    });
  }

  @Override
  public void attach(int asset, long spot, long perp, int inFlight, Consumer<List<VenueReport>> reports,
      Consumer<Reconciliation.Mismatch> mismatches) {
    attach(asset, spot, perp, inFlight, new AssetSink() {
      @Override
      public void reports(List<VenueReport> r) {
        reports.accept(r);
      }

      @Override
      public void mismatch(Reconciliation.Mismatch mismatch) {
        mismatches.accept(mismatch);
      }
    });
  }

  @Override
  public void send(int asset, List<VenueRequest> requests, LegMarket spotMarket, LegMarket perpMarket) {
    OrderRequest spot = null;
    OrderRequest perp = null;
    List<VenueReport> now = new ArrayList<>(0);
    for (VenueRequest request : requests) {
      if (request instanceof VenueRequest.Submit submit) {
        if (submit.order().instrument().kind() == InstrumentKind.PERP) {
          perp = submit.order();
        } else {
          spot = submit.order();
        }
      } else if (request instanceof VenueRequest.Transfer t) {
        now.add(new VenueReport.MarginMoved(t.requestId(), t.perp(), clock.getAsLong(), t.amount()));
      }
      // a cancel finds nothing working: every order sent is immediate-or-cancel and has ended
    }
    if (!now.isEmpty()) {
      lane(asset, () -> deliver(asset, now)); // behind the asset's attach
    }
    if (spot == null && perp == null) {
      return;
    }
    OrderRequest s = spot;
    OrderRequest p = perp;
    noteBacklog(asset, hedgesQueued.getAndIncrement(asset));
    lane(asset, () -> {
      try {
        execute(asset, s, p, () -> live(asset, Leg.SPOT, spotMarket), () -> live(asset, Leg.PERP, perpMarket));
      } finally {
        hedgesQueued.decrementAndGet(asset);
      }
    });
  }

  /**
   * A hedge that must wait behind the same asset's previous one means the asset decides faster than
   * its orders complete: the venue's market (a replay too fast for this node, or a slow venue) has
   * outrun the node, and the waiting hedge will be priced and sized on a market that has moved on.
   * Said once, loudly, and counted, instead of trading late in silence.
   */
  private void noteBacklog(int asset, int ahead) {
    if (ahead == 0) {
      return;
    }
    if (hedgesBehind.getAndIncrement() == 0) {
      LOG.warn("{}: a hedge waits behind {} earlier one(s) of the same asset: the node cannot keep up with the"
          + " venue's pace (its steps close faster than the node's orders complete); slow the venue's replay"
          + " (--speed) or give the node more lanes (fundarb.exchange.lanes); counted in the run summary",
          universe.pair(asset).asset(), ahead);
    }
  }

  /** Hedges that had to wait behind an earlier one of their asset: the node was behind the venue. */
  public long hedgesBehind() {
    return hedgesBehind.get();
  }

  /** Runs {@code work} after the asset's earlier work, on the pool. */
  private synchronized void lane(int asset, Runnable work) {
    lanes[asset] = lanes[asset].handle((r, e) -> null).thenRunAsync(work, pool);
  }

  /** The leg's market when a child leaves: the latest book ticker when the feed has one, else the decision's. */
  private LegMarket live(int asset, Leg leg, LegMarket decided) {
    TopOfBook.Quote quote = book.get(universe.pair(asset).asset().symbol(), leg);
    if (quote == null) {
      return decided;
    }
    return decided.at(quote.mid(), Math.min(quote.bidQty(), quote.askQty()));
  }

  /** On the asset's lane: one decision's orders, then their outcomes and a reconciliation. */
  private void execute(int asset, OrderRequest spot, OrderRequest perp, Supplier<LegMarket> spotLive,
      Supplier<LegMarket> perpLive) {
    LegMarket spotMarket = spotLive.get();
    LegMarket perpMarket = perpLive.get();
    String symbol = universe.pair(asset).asset().symbol();
    List<HedgedExecutor.ChildFill> fills = new ArrayList<>();
    Consumer<HedgedExecutor.ChildFill> collect = fill -> {
      synchronized (fills) {
        fills.add(fill);
      }
    };
    String error = null;
    try {
      if (spot != null && perp != null && spot.side() != perp.side()) {
        executor.execute(symbol, ids(symbol, spot), ids(symbol, perp), spot.signedQuantity(), perp.signedQuantity(),
            perp.reduceOnly(), spotLive, perpLive, collect);
      } else {
        if (spot != null) {
          executor.executeLeg(symbol, ids(symbol, spot), Leg.SPOT, spot.signedQuantity(), false, spotLive, collect);
        }
        if (perp != null) {
          executor.executeLeg(symbol, ids(symbol, perp), Leg.PERP, perp.signedQuantity(), perp.reduceOnly(), perpLive,
              collect);
        }
      }
    } catch (RuntimeException e) {
      error = e.getMessage();
      LOG.error("{}: orders {} ended in an error: {}", symbol, spot != null ? spot.clientOrderId()
          : perp.clientOrderId(), error);
    }
    long time = clock.getAsLong();
    List<VenueReport> reports = new ArrayList<>();
    if (spot != null) {
      reports.addAll(outcome(spot, Leg.SPOT, children(fills, Leg.SPOT), spotMarket.reference(), error, time));
    }
    if (perp != null) {
      reports.addAll(outcome(perp, Leg.PERP, children(fills, Leg.PERP), perpMarket.reference(), error, time));
    }
    deliver(asset, reports); // one list: a hedge is never booked half
    try {
      reconcile(asset);
    } catch (RuntimeException e) {
      LOG.warn("{}: reconciliation after the orders could not read the venue: {}", symbol, e.getMessage());
    }
  }

  private String ids(String symbol, OrderRequest order) {
    return ClientOrderIds.prefix(symbol, baseline.run(), order.clientOrderId());
  }

  private static List<HedgedExecutor.ChildFill> children(List<HedgedExecutor.ChildFill> fills, Leg leg) {
    synchronized (fills) {
      return fills.stream().filter(f -> f.leg() == leg).toList();
    }
  }

  /** An order's fills (each child of its leg), then its end when they did not complete it. */
  private List<VenueReport> outcome(OrderRequest order, Leg leg, List<HedgedExecutor.ChildFill> children,
      long reference, String error, long time) {
    List<VenueReport> out = new ArrayList<>();
    long requested = order.quantity().raw();
    long progressed = 0;
    String refused = null;
    for (HedgedExecutor.ChildFill child : children) {
      if (child.refused() != null) {
        refused = child.refused();
        continue;
      }
      progressed += order.side().sign() * child.execution().quantity();
      out.add(new VenueReport.Filled(fill(order, leg, child.execution(), Math.max(0, requested - progressed),
          reference, time)));
    }
    long unfilled = Math.max(0, requested - progressed);
    if (progressed == 0 && (error != null || refused != null)) {
      out.add(new VenueReport.Rejected(new Rejection(order.clientOrderId(), order.instrument(), time,
          RejectReason.VENUE_ERROR, refused != null ? "the venue refused it: " + refused : error)));
    } else if (unfilled > 0) {
      out.add(new VenueReport.Canceled(new Cancellation(order.clientOrderId(), order.instrument(), time,
          new Quantity(unfilled), error != null ? error
              : "the rest found no liquidity inside the slippage band (immediate-or-cancel)")));
    }
    return out;
  }

  /** One child's execution as a fill of its order: the exact price from the quote amount, the taker fee. */
  private Fill fill(OrderRequest order, Leg leg, BinanceVenueClient.Execution execution, long remaining,
      long reference, long time) {
    long quantity = execution.quantity();
    long quote = execution.quote();
    long abs = Math.abs(quantity);
    long price = Fixed.div(quote, abs, RoundingMode.HALF_EVEN);
    long slippage = reference == 0 ? 0 : Math.abs(quote - Fixed.mul(abs, reference, RoundingMode.HALF_EVEN));
    long fee = leg == Leg.SPOT ? settings.spotFee() : settings.perpFee();
    return new Fill(order.clientOrderId(), order.instrument(), time, Side.ofSignedQuantity(quantity), new Price(price),
        new Quantity(abs), Rate.apply(quote, fee, RoundingMode.HALF_EVEN), slippage, Liquidity.TAKER,
        new Quantity(remaining));
  }

  /** Books the executions the reports carry, then hands them to the asset and the mirror. */
  private void deliver(int asset, List<VenueReport> reports) {
    AssetSink sink;
    synchronized (this) {
      for (VenueReport r : reports) {
        if (r instanceof VenueReport.Filled f) {
          int i = universe.indexOf(f.fill().instrument());
          executed[i] += f.fill().signedQuantity();
          position[i] += f.fill().signedQuantity(); // funding is paid on what the assets were told
        }
      }
      sink = sinks[asset];
    }
    if (sink == null) {
      LOG.error("{}: reports for an asset no order actor attached to: {}", universe.pair(asset).asset(), reports);
    } else {
      sink.reports(reports);
    }
    mirror.accept(reports);
  }

  /**
   * On the asset's lane, like its hedges and its periodic reconciliation: read while the venue's
   * fills of a resumed asset are known but not yet counted as executed, the reconciliation saw the
   * venue hold what the node had not explained and tripped an asset that was about to adopt them.
   */
  @Override
  public List<VenueReport> resolve(int asset, long[] inFlight) {
    CompletableFuture<List<VenueReport>> resolved = new CompletableFuture<>();
    lane(asset, () -> {
      try {
        resolved.complete(resolveNow(asset, inFlight));
      } catch (RuntimeException e) {
        resolved.completeExceptionally(e);
      }
    });
    return resolved.join();
  }

  private List<VenueReport> resolveNow(int asset, long[] inFlight) {
    String symbol = universe.pair(asset).asset().symbol();
    List<VenueReport> out = new ArrayList<>();
    long time = clock.getAsLong();
    for (long id : inFlight) {
      for (Leg leg : Leg.values()) {
        String prefix = ClientOrderIds.prefix(symbol, baseline.run(), id);
        List<BinanceVenueClient.Execution> children = new ArrayList<>();
        BinanceVenueClient.Execution e;
        while ((e = client.executed(leg, symbol, ClientOrderIds.of(prefix, leg, children.size()))) != null) {
          children.add(e);
        }
        var instrument = universe.id(leg.index(asset));
        long progressed = 0;
        for (BinanceVenueClient.Execution child : children) {
          if (child.quantity() == 0) {
            continue;
          }
          progressed += child.quantity();
          Fill fill = fill(OrderRequest.market(id, instrument, Side.ofSignedQuantity(child.quantity()),
              new Quantity(Math.abs(child.quantity())), false), leg, child, 1, 0, time);
          out.add(new VenueReport.Filled(fill));
        }
        if (!children.isEmpty()) {
          LOG.warn("{}: request {} had {} child order(s) on the {} leg at the venue, executing {}", symbol, id,
              children.size(), leg, Fixed.toString(progressed));
        }
      }
    }
    // every request in flight has ended at the venue (its orders were immediate-or-cancel): what it did not
    // execute, or never sent, ends here
    for (long id : inFlight) {
      out.add(new VenueReport.Canceled(new Cancellation(id, instrumentOf(asset, out, id), time, new Quantity(1),
          "resolved at the venue after a restart")));
    }
    synchronized (this) {
      for (VenueReport r : out) {
        if (r instanceof VenueReport.Filled f) {
          int i = universe.indexOf(f.fill().instrument());
          executed[i] += f.fill().signedQuantity();
          position[i] += f.fill().signedQuantity();
        }
      }
      unresolved[asset] = false;
    }
    mirror.accept(out);
    return out;
  }

  /** The instrument of request {@code id}: a fill's, or the spot leg's when nothing executed (only its end is told). */
  private io.fundarb.engine.instrument.InstrumentId instrumentOf(int asset, List<VenueReport> reports, long id) {
    for (VenueReport r : reports) {
      if (r instanceof VenueReport.Filled f && f.fill().clientOrderId() == id) {
        return f.fill().instrument();
      }
    }
    return universe.id(Universe.spotIndex(asset));
  }

  @Override
  public Reconciliation.Holding holding(int asset) {
    String symbol = universe.pair(asset).asset().symbol();
    Reconciliation.Holding venue = client.holding(symbol);
    return new Reconciliation.Holding(venue.spot() - baseline.spot().getOrDefault(symbol, 0L), venue.perp());
  }

  /**
   * The feed's step for {@code asset}: its market (marks for funding), and each funding settlement
   * it announces booked on the asset's position.
   */
  public void onStep(int asset, MarketStep step) {
    List<VenueReport> funding = new ArrayList<>(0);
    synchronized (this) {
      for (MarketEvent event : step.events()) {
        event.applyTo(market, asset, step.time());
        if (event instanceof MarketEvent.Funding f) {
          long t = step.time();
          settlements.accumulateAndGet(new long[] {t, t}, (span, x) -> span == null ? x
              : new long[] {Math.min(span[0], x[0]), Math.max(span[1], x[1])});
          int perp = Universe.perpIndex(asset);
          long size = position[perp];
          if (size != 0) {
            long mark = market.markPrice(perp);
            long payment = FundingPayment.amount(size, mark, f.rate());
            booked.addAndGet(asset, payment);
            funding.add(new VenueReport.Funded(universe.id(perp), t, f.rate(), mark, payment));
          }
        }
      }
    }
    if (!funding.isEmpty()) {
      AssetSink sink;
      synchronized (this) {
        sink = sinks[asset];
      }
      if (sink != null) {
        sink.reports(funding);
      }
      mirror.accept(funding);
    }
  }

  /** Compares the venue's holdings with the executions now, after every hedge sent so far (blocks, 60 s). */
  public List<Reconciliation.Mismatch> reconcileNow() {
    try {
      CompletableFuture.allOf(lanesNow()).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the assets' orders did not complete: " + e.getMessage(), e);
    }
    List<Reconciliation.Mismatch> found = new ArrayList<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      found.addAll(reconcile(a));
    }
    return found;
  }

  /**
   * Reconciles every asset over REST on its lane, without waiting: what the user-data stream did
   * not carry (it was down, or an order was not the node's) shows in the venue's holdings.
   */
  public void resync() {
    reconcileAll();
  }

  private synchronized CompletableFuture<?>[] lanesNow() {
    return lanes.clone();
  }

  /**
   * Each asset's periodic reconciliation waits its turn on the asset's lane: read in the middle of a
   * hedge (one leg executed, the other on its way) the venue would hold what the executions do not
   * explain yet, and a healthy asset would be tripped.
   */
  private void reconcileAll() {
    for (int a = 0; a < universe.assetCount(); a++) {
      int asset = a;
      if (!reconciling.compareAndSet(asset, 0, 1)) {
        continue; // the last one has not had its turn yet (a slow venue): no pile-up behind it
      }
      lane(asset, () -> {
        reconciling.set(asset, 0);
        try {
          reconcile(asset);
        } catch (RuntimeException e) {
          LOG.warn("reconciliation could not read the venue: {}", e.getMessage());
        }
      });
    }
  }

  /** The venue's holdings against the baseline plus what was executed here; tells the asset of a new difference. */
  private List<Reconciliation.Mismatch> reconcile(int asset) {
    String id = universe.pair(asset).asset().toString();
    Reconciliation.Holding venue = holding(asset);
    Reconciliation.Holding expected;
    synchronized (this) {
      if (unresolved[asset]) {
        return List.of(); // a resumed asset's fills at the venue are not booked yet (see resolve)
      }
      expected = new Reconciliation.Holding(executed[Universe.spotIndex(asset)], executed[Universe.perpIndex(asset)]);
    }
    List<Reconciliation.Mismatch> found = Reconciliation.compare(Map.of(id, expected), Map.of(id, venue),
        settings.tolerance());
    for (Leg leg : Leg.values()) {
      String key = id + "|" + leg;
      Reconciliation.Mismatch now = found.stream().filter(m -> m.leg() == leg).findFirst().orElse(null);
      Reconciliation.Mismatch before;
      synchronized (reported) {
        before = reported.get(key);
        if (now != null && !now.equals(before)) {
          reported.put(key, now);
        } else if (now == null && before != null) {
          reported.remove(key);
        }
      }
      if (now != null && !now.equals(before)) {
        LOG.error("reconciliation: {} {} leg: venue {} vs node {}", id, leg, Fixed.toString(now.actual()),
            Fixed.toString(now.expected()));
        AssetSink sink;
        synchronized (this) {
          sink = sinks[asset];
        }
        if (sink != null) {
          sink.mismatch(now);
        }
      } else if (now == null && before != null) {
        LOG.info("reconciliation: {} {} leg agrees again", id, leg);
      }
    }
    return found;
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
   * moves cash, not exposure.
   */
  public List<FundingCheck> reconcileFunding() {
    long[] span = settlements.get();
    if (span == null) {
      return List.of();
    }
    List<FundingCheck> checks = new ArrayList<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      String symbol = universe.pair(a).asset().symbol();
      checks.add(new FundingCheck(symbol, booked.get(a), client.fundingIncome(symbol, span[0], span[1])));
    }
    return checks;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("orders still in flight after 30 s; the next start resolves them at the venue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
