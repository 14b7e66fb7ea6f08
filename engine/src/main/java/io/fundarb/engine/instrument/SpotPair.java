package io.fundarb.engine.instrument;

import io.fundarb.engine.money.Currency;
import io.fundarb.engine.money.Fixed;

/** A spot pair such as BTC/USDT. */
public record SpotPair(
    InstrumentId id, Currency base, Currency quote, long tickSize, long lotSize, long minNotional)
    implements Instrument {
  public SpotPair {
    validateKind(id, InstrumentKind.SPOT);
  }

  @Override
  public long contractMultiplier() {
    return Fixed.ONE;
  }

  static void validateKind(InstrumentId id, InstrumentKind expected) {
    if (id.kind() != expected) {
      throw new IllegalArgumentException(id + " is not a " + expected + " instrument");
    }
  }
}
