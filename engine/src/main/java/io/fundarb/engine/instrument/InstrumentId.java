package io.fundarb.engine.instrument;

import java.util.Locale;
import java.util.Objects;

/**
 * Venue-agnostic instrument name {@code VENUE:SYMBOL-KIND}, e.g. {@code BINANCE:BTCUSDT-SPOT}
 * and {@code BINANCE:BTCUSDT-PERP}; a second venue is just another prefix.
 */
public record InstrumentId(String venue, String symbol, InstrumentKind kind) {
  public InstrumentId {
    Objects.requireNonNull(kind, "kind");
    venue = upper(venue, "venue");
    symbol = upper(symbol, "symbol");
  }

  public static InstrumentId parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("instrument id must look like BINANCE:BTCUSDT-PERP: " + text);
    }
    String rest = text.substring(colon + 1);
    int dash = rest.indexOf('-');
    if (dash <= 0) {
      throw new IllegalArgumentException("instrument id must look like BINANCE:BTCUSDT-PERP: " + text);
    }
    return new InstrumentId(
        text.substring(0, colon), rest.substring(0, dash), InstrumentKind.ofSuffix(rest.substring(dash + 1)));
  }

  public AssetId asset() {
    return new AssetId(venue, symbol);
  }

  static String upper(String value, String what) {
    Objects.requireNonNull(value, what);
    String trimmed = value.trim();
    if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
      throw new IllegalArgumentException(what + " must be letters and digits: '" + value + "'");
    }
    return trimmed.toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return venue + ":" + symbol + "-" + kind.suffix();
  }
}
