package io.fundarb.engine.data;

import java.util.Arrays;

/**
 * Settled funding rates of one perpetual ({@link io.fundarb.engine.money.Rate}, fraction per
 * funding interval; positive means longs pay shorts), sorted by settlement time.
 */
public record FundingSeries(long[] time, long[] rate) {
  public int size() {
    return time.length;
  }

  /** The most common time between settlements; 8 hours when there are fewer than two. */
  public long typicalIntervalMs() {
    long step = SeriesLoader.commonStep(time);
    return step > 0 ? step : DEFAULT_INTERVAL_MS;
  }

  /** Every supported venue settles USDT perpetuals every 8 hours by default. */
  public static final long DEFAULT_INTERVAL_MS = 8 * 3_600_000L;

  /** Settlements in [from, to). */
  public FundingSeries slice(long from, long to) {
    int a = 0;
    while (a < size() && time[a] < from) {
      a++;
    }
    int b = a;
    while (b < size() && time[b] < to) {
      b++;
    }
    return new FundingSeries(Arrays.copyOfRange(time, a, b), Arrays.copyOfRange(rate, a, b));
  }
}
