package io.fundarb.engine.instrument;

import io.fundarb.engine.money.Currency;
import io.fundarb.engine.money.Fixed;

/**
 * Trading rules of an instrument. All sizes are {@link Fixed} in base-asset units: a venue that
 * trades in contracts (OKX swaps) states its lot as contracts times the contract multiplier,
 * and the connector converts at the wire.
 */
public sealed interface Instrument permits SpotPair, LinearPerpetual {
  InstrumentId id();

  Currency base();

  Currency quote();

  /** Smallest price increment (Fixed). */
  long tickSize();

  /** Smallest quantity increment in base units (Fixed). */
  long lotSize();

  /** Smallest order value in quote currency (Fixed); reduce-only orders are exempt. */
  long minNotional();

  /** Base units per venue contract (Fixed); 1 for venues that quote in base units. */
  long contractMultiplier();

  default void validate() {
    if (tickSize() <= 0 || lotSize() <= 0 || minNotional() < 0 || contractMultiplier() <= 0) {
      throw new IllegalArgumentException(id() + ": tick, lot and multiplier must be positive");
    }
  }
}
