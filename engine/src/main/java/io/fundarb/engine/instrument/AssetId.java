package io.fundarb.engine.instrument;

/**
 * One traded carry asset on one venue, e.g. {@code BINANCE:BTCUSDT}: the spot leg and the
 * USDT-margined perpetual leg that hedge each other.
 */
public record AssetId(String venue, String symbol) implements Comparable<AssetId> {
  public AssetId {
    venue = InstrumentId.upper(venue, "venue");
    symbol = InstrumentId.upper(symbol, "symbol");
  }

  public static AssetId parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("asset id must look like BINANCE:BTCUSDT: " + text);
    }
    return new AssetId(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The base asset of a USDT-quoted symbol (the only kind fundarb trades): BTC of BTCUSDT. */
  public static String baseOf(String symbol) {
    if (!symbol.endsWith("USDT") || symbol.length() == 4) {
      throw new IllegalArgumentException("not a USDT-quoted symbol: " + symbol);
    }
    return symbol.substring(0, symbol.length() - 4);
  }

  public InstrumentId spot() {
    return new InstrumentId(venue, symbol, InstrumentKind.SPOT);
  }

  public InstrumentId perp() {
    return new InstrumentId(venue, symbol, InstrumentKind.PERP);
  }

  @Override
  public int compareTo(AssetId other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return venue + ":" + symbol;
  }
}
