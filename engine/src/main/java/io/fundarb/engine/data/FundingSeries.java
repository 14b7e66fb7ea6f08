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
