package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trades to OHLCV bars on event time, per symbol and leg: a bar closes when the first trade at or
 * after its end arrives (a quiet interval yields no bar; the staleness watchdog reports silence).
 * Intervals are aligned to the epoch, like the venue's klines.
 */
final class BarAggregator {
  private final long intervalMs;
  private final Map<String, Building> open = new HashMap<>();

  private static final class Building {
    final String symbol;
    final Leg leg;
    long start;
    long o;
    long h;
    long l;
    long c;
    long volume;
    int trades;

    Building(MarketUpdate.Trade t, long start) {
      this.symbol = t.symbol();
      this.leg = t.leg();
      reset(t, start);
    }

    void reset(MarketUpdate.Trade t, long start) {
      this.start = start;
      o = h = l = c = t.price();
      volume = t.quantity();
      trades = 1;
    }

    void add(MarketUpdate.Trade t) {
      h = Math.max(h, t.price());
      l = Math.min(l, t.price());
      c = t.price();
      volume = Math.addExact(volume, t.quantity());
      trades++;
    }
  }

  BarAggregator(long intervalMs) {
    if (intervalMs <= 0 || intervalMs % 1_000 != 0) {
      throw new IllegalArgumentException("bar interval must be a positive whole number of seconds");
    }
    this.intervalMs = intervalMs;
  }

  /** Absorbs an update; returns the bar it closed, if any. Non-trade updates are ignored. */
  Optional<Bar> accept(MarketUpdate update) {
    if (!(update instanceof MarketUpdate.Trade t)) {
      return Optional.empty();
    }
    long start = Math.floorDiv(t.eventTime(), intervalMs) * intervalMs;
    String key = t.symbol() + '|' + t.leg();
    Building b = open.get(key);
    if (b == null) {
      open.put(key, new Building(t, start));
      return Optional.empty();
    }
    if (start <= b.start) {
      b.add(t); // same bar (a late trade within tolerance stays in the open bar)
      return Optional.empty();
    }
    Bar done = new Bar(b.symbol, b.leg, b.start, intervalMs, b.o, b.h, b.l, b.c, b.volume, b.trades);
    b.reset(t, start);
    return Optional.of(done);
  }
}
