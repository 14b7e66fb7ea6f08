package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;

/** An OHLCV bar built from trades; prices and volume exact (Fixed), times epoch ms. */
public record Bar(String symbol, Leg leg, long openTime, long intervalMs, long open, long high, long low, long close,
    long volume, int trades) {
  public long closeTime() {
    return openTime + intervalMs;
  }
}
