package io.fundarb.engine.data;

import java.util.Arrays;

/**
 * Daily Crypto Fear &amp; Greed index (0 = extreme fear, 100 = extreme greed). The value stamped
 * with day D is only known once day D has closed, so it is published at {@link #knownAt}.
 */
public record SentimentSeries(long[] day, int[] value) {
  public static final long DAY_MS = 86_400_000L;

  public int size() {
    return day.length;
  }

  public long knownAt(int row) {
    return day[row] + DAY_MS;
  }

  /** Values known in [from, to). */
  public SentimentSeries slice(long from, long to) {
    int a = 0;
    while (a < size() && knownAt(a) < from) {
      a++;
    }
    int b = a;
    while (b < size() && knownAt(b) < to) {
      b++;
    }
    return new SentimentSeries(Arrays.copyOfRange(day, a, b), Arrays.copyOfRange(value, a, b));
  }
}
