package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.ClientOrderIds;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.money.Fixed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hedged two-leg order on a venue: both legs sent together, each as child orders capped by a
 * share of recent liquidity and limited to a slippage band ({@link ChildOrders}, limit IOC), then
 * {@link HedgeRepair} until the hedge is delta-neutral within its limit — completing the lagging
 * leg or unwinding the leading one, with a fresh client order id per child so retries stay
 * idempotent: a leg's children are numbered under its order's id prefix ({@link ClientOrderIds}),
 * the first send and every repair alike. A hedge that cannot be balanced within its rounds is an
 * error for the asset's breaker, never a silent orphan.
 */
public final class HedgedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(HedgedExecutor.class);
  private static final int MAX_ROUNDS = 8;
  /**
   * The perp leg's sends, while the calling thread sends the spot leg itself: one thread hand-off
   * per hedge, not one per leg (CompletableFuture's default pool is a new thread per task on 2 cores).
   */
  private static final ExecutorService PERP_LEGS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fundarb-perp-leg");
    t.setDaemon(true);
    return t;
  });

  /** What one hedge did: executed quantities per leg (signed, Fixed) and the repairs taken. */
  public record Report(long spotFilled, long perpFilled, List<String> repairs) {
    public long delta() {
      return spotFilled + perpFilled;
    }
  }

  /**
   * One child order's outcome: its leg, client order id and what it traded, or why the venue
   * refused it ({@code refused} non-null, nothing traded).
   */
  public record ChildFill(Leg leg, String clientOrderId, BinanceVenueClient.Execution execution,
      String refused) {}

  private final BinanceVenueClient client;
  private final HedgeRepair.Settings settings;
  private final ChildOrders.Settings children;
  private final LongSupplier clock;

  public HedgedExecutor(BinanceVenueClient client, HedgeRepair.Settings settings, ChildOrders.Settings children,
      LongSupplier clock) {
    this.client = client;
    this.settings = settings;
    this.children = children;
    this.clock = clock;
  }

  /**
   * @param spotIds the spot order's client id prefix; {@code perpIds} the perp order's
   * @param spotQuantity signed spot quantity (+ buy), Fixed
   * @param perpQuantity signed perp quantity, Fixed (normally {@code -spotQuantity})
   * @param exit both legs reduce existing positions (the perp leg goes reduce-only)
   */
  public Report execute(String symbol, String spotIds, String perpIds, long spotQuantity, long perpQuantity,
      boolean exit, LegMarket spotMarket, LegMarket perpMarket) {
    return execute(symbol, spotIds, perpIds, spotQuantity, perpQuantity, exit, () -> spotMarket, () -> perpMarket,
        fill -> {});
  }

  /**
   * As above, each leg's market read again before every send (a repair prices against the market
   * as it is then, not as it was when the hedge began); {@code fills} receives every child's
   * execution as it happens (on this or a leg's thread), so that what did execute is known even
   * when the hedge ends in an error.
   */
  public Report execute(String symbol, String spotIds, String perpIds, long spotQuantity, long perpQuantity,
      boolean exit, Supplier<LegMarket> spotMarket, Supplier<LegMarket> perpMarket, Consumer<ChildFill> fills) {
    long start = clock.getAsLong();
    Legs legs = new Legs(symbol, spotIds, perpIds, spotMarket, perpMarket, fills);
    CompletableFuture<Long> perp = CompletableFuture.supplyAsync(() -> legs.send(Leg.PERP, perpQuantity, exit),
        PERP_LEGS);
    long spotFilled;
    try {
      spotFilled = legs.send(Leg.SPOT, spotQuantity, false);
    } finally {
      perp.exceptionally(e -> 0L).join(); // the perp leg always ends before the hedge does, whatever the spot leg did
    }
    long perpFilled = perp.join();
    List<String> repairs = new ArrayList<>();
    int completes = 0;
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      HedgeRepair.Action action = HedgeRepair.decide(spotFilled, perpFilled, false, clock.getAsLong() - start,
          completes, settings);
      if (action instanceof HedgeRepair.Action.Done) {
        return new Report(spotFilled, perpFilled, List.copyOf(repairs));
      }
      Leg leg;
      long quantity;
      boolean reduce;
      if (action instanceof HedgeRepair.Action.Complete c) {
        completes++;
        leg = c.leg();
        quantity = c.quantity();
        reduce = exit;
      } else {
        HedgeRepair.Action.Unwind u = (HedgeRepair.Action.Unwind) action;
        leg = u.leg();
        quantity = u.quantity();
        reduce = !exit; // unwinding an entry reduces what the entry opened
      }
      long filled = legs.send(leg, quantity, reduce && leg == Leg.PERP);
      repairs.add(action.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + leg + " "
          + Fixed.toString(quantity) + " -> filled " + Fixed.toString(filled));
      if (leg == Leg.SPOT) {
        spotFilled += filled;
      } else {
        perpFilled += filled;
      }
    }
    throw new IllegalStateException("hedge " + spotIds + " still off by "
        + Fixed.toString(spotFilled + perpFilled) + " after " + MAX_ROUNDS + " repairs: " + repairs);
  }

  /**
   * One leg alone, as children with no repair: a re-hedge of a leg the other already matches.
   *
   * @return the executed quantity, signed
   */
  public long executeLeg(String symbol, String ids, Leg leg, long quantity, boolean reduceOnly,
      Supplier<LegMarket> market, Consumer<ChildFill> fills) {
    return new Legs(symbol, ids, ids, market, market, fills).send(leg, quantity, reduceOnly);
  }

  /** One hedge's legs: child orders with ids numbered per leg across the first send and the repairs. */
  private final class Legs {
    private final String symbol;
    private final String[] ids;
    private final Supplier<LegMarket> spot;
    private final Supplier<LegMarket> perp;
    private final Consumer<ChildFill> fills;
    private final AtomicInteger[] next = {new AtomicInteger(), new AtomicInteger()};

    Legs(String symbol, String spotIds, String perpIds, Supplier<LegMarket> spot, Supplier<LegMarket> perp,
        Consumer<ChildFill> fills) {
      this.fills = fills;
      this.symbol = symbol;
      this.ids = new String[] {spotIds, perpIds};
      this.spot = spot;
      this.perp = perp;
    }

    /** Sends {@code quantity} as children; stops at the first child the band or the book leaves short. */
    long send(Leg leg, long quantity, boolean reduceOnly) {
      LegMarket m = (leg == Leg.SPOT ? spot : perp).get();
      long filled = 0;
      for (ChildOrders.Child c : ChildOrders.plan(quantity, m, children)) {
        String id = ClientOrderIds.of(ids[leg.ordinal()], leg, next[leg.ordinal()].getAndIncrement());
        long got;
        try {
          BinanceVenueClient.Execution execution = client.limitIocOrder(leg, symbol, c.quantity(), c.limitPrice(),
              reduceOnly, id);
          got = execution.quantity();
          if (got != 0) {
            fills.accept(new ChildFill(leg, id, execution, null));
          }
        } catch (BinanceVenueClient.Rejected e) {
          LOG.warn("{} leg child {} rejected ({}): {}", leg, id, e.code, e.getMessage());
          fills.accept(new ChildFill(leg, id, BinanceVenueClient.Execution.NONE, e.code + " " + e.getMessage()));
          got = 0;
        }
        filled += got;
        if (got != c.quantity()) {
          break; // the book or the band gave less: the repair decides what happens to the rest
        }
      }
      return filled;
    }
  }
}
