package io.fundarb.engine.multivenue;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.venue.SimVenueConfig;

/** One venue of a portfolio backtest: its data, its instruments and its simulated venue's terms (fees, latency). */
public record VenueMarket(MarketData data, Universe universe, SimVenueConfig venue) {
  public String name() {
    return data.venue();
  }
}
