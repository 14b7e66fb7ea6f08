package io.fundarb.engine.multivenue;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.venue.SimVenueConfig;

/**
 * One venue of a portfolio backtest: its data, its instruments, its simulated venue's terms (fees,
 * latency) and its market events on one clock, built once and replayed by every run over it.
 *
 * @param copies how many times the data is replayed end to end in {@code tape} (benchmarks at scale)
 */
public record VenueMarket(MarketData data, Universe universe, SimVenueConfig venue, int copies, MarketTape tape) {
  public VenueMarket(MarketData data, Universe universe, SimVenueConfig venue) {
    this(data, universe, venue, 1, MarketTape.build(data, universe));
  }

  /** The data replayed {@code copies} times, each copy shifted by its span and one bar. */
  public static VenueMarket replicated(MarketData data, Universe universe, SimVenueConfig venue, int copies) {
    return new VenueMarket(data, universe, venue, copies,
        MarketTape.build(data, universe).replicate(copies, data.assets().get(0).spot().intervalMs()));
  }

  public String name() {
    return data.venue();
  }
}
