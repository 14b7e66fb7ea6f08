package io.fundarb.engine.exec;

import io.fundarb.engine.instrument.Leg;
import java.util.regex.Pattern;

/**
 * Client order ids that make retries safe: the id names the intent, the leg and the child order,
 * never the attempt, so a resent request carries the same id and the venue refuses to execute it
 * twice. Binance's rule: at most 36 characters of {@code [.A-Z:/a-z0-9_-]}.
 */
public final class ClientOrderIds {
  private static final Pattern VALID = Pattern.compile("^[.A-Z:/a-z0-9_-]{1,36}$");
  private static final String FUNDARB = "fa-";

  private ClientOrderIds() {}

  /**
   * e.g. {@code fa-BTCUSDT-m3k2a1-lfls-S0}: request {@code lfls} (base 36) of run {@code m3k2a1} of
   * BTCUSDT, spot leg, child 0. The run makes ids unique across runs on one account; the request
   * (the node's journaled request id) makes them the same after a restart, so a restarted node asks
   * the venue for them instead of sending anything twice.
   */
  public static String of(String symbol, long run, long request, Leg leg, int child) {
    return of(prefix(symbol, run, request), leg, child);
  }

  /** The part of the ids every child of one request shares. */
  public static String prefix(String symbol, long run, long request) {
    return FUNDARB + symbol + "-" + Long.toString(run, 36) + "-" + Long.toString(request, 36);
  }

  /** Whether {@code clientOrderId} is one of fundarb's (an order placed by hand or by another bot is not). */
  public static boolean fundarbs(String clientOrderId) {
    return clientOrderId.startsWith(FUNDARB);
  }

  /** A child's id under a request's {@link #prefix}. */
  public static String of(String prefix, Leg leg, int child) {
    String id = prefix + "-" + (leg == Leg.SPOT ? 'S' : 'P') + child;
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("client order id '" + id + "' breaks the venue's 36-character rule");
    }
    return id;
  }
}
