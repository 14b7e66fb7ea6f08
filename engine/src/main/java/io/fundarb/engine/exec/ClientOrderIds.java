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

  private ClientOrderIds() {}

  /** e.g. {@code fa-BTCUSDT-42-S0}: intent 42 of BTCUSDT, spot leg, child 0. */
  public static String of(String symbol, long intent, Leg leg, int child) {
    String id = "fa-" + symbol + "-" + intent + "-" + (leg == Leg.SPOT ? 'S' : 'P') + child;
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException("client order id '" + id + "' breaks the venue's 36-character rule");
    }
    return id;
  }
}
