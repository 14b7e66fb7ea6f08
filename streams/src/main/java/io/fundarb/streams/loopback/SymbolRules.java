package io.fundarb.streams.loopback;

import io.fundarb.engine.instrument.Instrument;
import io.fundarb.engine.money.Fixed;

/**
 * A symbol's trading rules on one market of the loopback venue, as its exchange info states them
 * and its order checks enforce them (Binance's {@code PRICE_FILTER}, {@code LOT_SIZE} /
 * {@code MARKET_LOT_SIZE} and {@code NOTIONAL} / {@code MIN_NOTIONAL}): prices on the tick, quantities
 * on the step between the minimum (one step) and the maximum, order value at least the minimum
 * notional (Fixed).
 */
public record SymbolRules(long tickSize, long stepSize, long minNotional) {
  /** The finest rules the venue can keep (one Fixed unit, no minimum value): a symbol listed without any. */
  public static final SymbolRules FINEST = new SymbolRules(1, 1, 0);
  /** Largest price and quantity of an order: far above the replayed market's, as on Binance. */
  static final long MAX_PRICE = Fixed.ofUnits(10_000_000);
  static final long MAX_QUANTITY = Fixed.ofUnits(1_000_000);

  public SymbolRules {
    if (tickSize <= 0 || stepSize <= 0 || minNotional < 0) {
      throw new IllegalArgumentException("tick and step must be positive, the minimum notional not negative");
    }
  }

  /** The rules of an instrument of the node's universe. */
  public static SymbolRules of(Instrument instrument) {
    return new SymbolRules(instrument.tickSize(), instrument.lotSize(), instrument.minNotional());
  }

  /**
   * The filter an order breaks, or null: {@code price} of a limit order (0 for a market order),
   * {@code quantity}, and its value at {@code reference} (a market order's).
   */
  String broken(long price, long quantity, long reference, boolean valueExempt) {
    if (price != 0 && (price < tickSize || price > MAX_PRICE || price % tickSize != 0)) {
      return "PRICE_FILTER";
    }
    if (quantity < stepSize || quantity > MAX_QUANTITY || quantity % stepSize != 0) {
      return price == 0 ? "MARKET_LOT_SIZE" : "LOT_SIZE";
    }
    long value = Fixed.mul(quantity, price != 0 ? price : reference, java.math.RoundingMode.DOWN);
    return valueExempt || value >= minNotional ? null : "NOTIONAL";
  }

  long bidOnTick(long price) {
    return Math.max(tickSize, Fixed.floorToStep(price, tickSize));
  }

  long askOnTick(long price) {
    return Fixed.ceilToStep(price, tickSize);
  }

  /** A quoted size on the step, at least one step. */
  long sizeOnStep(long size) {
    return Math.max(stepSize, Fixed.floorToStep(size, stepSize));
  }
}
