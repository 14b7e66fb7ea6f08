package io.fundarb.streams.xchange;

import io.fundarb.engine.exec.ClientOrderIds;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.money.Fixed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hedged two-leg order on a venue: both legs sent together, then {@link HedgeRepair} until
 * the hedge is delta-neutral within its limit — completing the lagging leg or unwinding the
 * leading one, with fresh client order ids per child so retries stay idempotent. A hedge that
 * cannot be balanced within its rounds is an error for the asset's breaker, never a silent orphan.
 */
public final class HedgedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(HedgedExecutor.class);
  private static final int MAX_ROUNDS = 8;

  /** What one hedge did: executed quantities per leg (signed, Fixed) and the repairs taken. */
  public record Report(long spotFilled, long perpFilled, List<String> repairs) {
    public long delta() {
      return spotFilled + perpFilled;
    }
  }

  private final BinanceVenueClient client;
  private final HedgeRepair.Settings settings;
  private final LongSupplier clock;

  public HedgedExecutor(BinanceVenueClient client, HedgeRepair.Settings settings, LongSupplier clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * @param intent the intent's sequence number (it names the client order ids)
   * @param spotQuantity signed spot quantity (+ buy), Fixed
   * @param perpQuantity signed perp quantity, Fixed (normally {@code -spotQuantity})
   * @param exit both legs reduce existing positions (the perp leg goes reduce-only)
   */
  public Report execute(String symbol, long intent, long spotQuantity, long perpQuantity, boolean exit) {
    long start = clock.getAsLong();
    CompletableFuture<Long> spot = CompletableFuture.supplyAsync(() -> leg(HedgeRepair.Leg.SPOT, symbol, spotQuantity,
        false, ClientOrderIds.of(symbol, intent, HedgeRepair.Leg.SPOT, 0)));
    CompletableFuture<Long> perp = CompletableFuture.supplyAsync(() -> leg(HedgeRepair.Leg.PERP, symbol, perpQuantity,
        exit, ClientOrderIds.of(symbol, intent, HedgeRepair.Leg.PERP, 0)));
    long spotFilled = spot.join();
    long perpFilled = perp.join();
    List<String> repairs = new ArrayList<>();
    int completes = 0;
    for (int child = 1; child <= MAX_ROUNDS; child++) {
      HedgeRepair.Action action = HedgeRepair.decide(spotFilled, perpFilled, false, clock.getAsLong() - start,
          completes, settings);
      if (action instanceof HedgeRepair.Action.Done) {
        return new Report(spotFilled, perpFilled, List.copyOf(repairs));
      }
      HedgeRepair.Leg leg;
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
      long filled = leg(leg, symbol, quantity, reduce && leg == HedgeRepair.Leg.PERP,
          ClientOrderIds.of(symbol, intent, leg, child));
      repairs.add(action.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + leg + " "
          + Fixed.toString(quantity) + " -> filled " + Fixed.toString(filled));
      if (leg == HedgeRepair.Leg.SPOT) {
        spotFilled += filled;
      } else {
        perpFilled += filled;
      }
    }
    throw new IllegalStateException("hedge " + symbol + " #" + intent + " still off by "
        + Fixed.toString(spotFilled + perpFilled) + " after " + MAX_ROUNDS + " repairs: " + repairs);
  }

  private long leg(HedgeRepair.Leg leg, String symbol, long quantity, boolean reduceOnly, String clientOrderId) {
    try {
      return client.marketOrder(leg, symbol, quantity, reduceOnly, clientOrderId);
    } catch (BinanceVenueClient.Rejected e) {
      LOG.warn("{} leg of {} rejected ({}): {}", leg, clientOrderId, e.code, e.getMessage());
      return 0;
    }
  }
}
