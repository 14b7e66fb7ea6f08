package io.fundarb.engine.multivenue;

import io.fundarb.engine.instrument.AssetId;

/**
 * One position the portfolio may hold: spot-perp carry of {@code asset} on venue number
 * {@code venue} (its account in the portfolio).
 */
public record Opportunity(int venue, int asset, AssetId id) {
  /** {@code BINANCE:BTCUSDT}. */
  public String label() {
    return id.toString();
  }
}
