package io.fundarb.engine.data;

import java.util.Arrays;

/**
 * OHLCV bars of one instrument in columns (prices and volumes {@link
 * io.fundarb.engine.money.Fixed}), sorted by open time with no duplicates. A bar becomes known
 * at {@code openTime + intervalMs}: that is when replay publishes it, never earlier.
 *
 * @param quoteVolume quote-currency volume, a feature input only (a double: busy daily bars exceed
 *     the fixed-point range); estimated as volume x close when the source lacks it
 * @param trades trade count, -1 where the source does not publish it
 */
public record Bars(
    long intervalMs,
    long[] openTime,
    long[] open,
    long[] high,
    long[] low,
    long[] close,
    long[] volume,
    double[] quoteVolume,
    long[] trades) {

  public int size() {
    return openTime.length;
  }

  public long closeTime(int row) {
    return openTime[row] + intervalMs;
  }

  /** Rows whose close time lies in [from, to). */
  public Bars slice(long from, long to) {
    int a = 0;
    while (a < size() && closeTime(a) < from) {
      a++;
    }
    int b = a;
    while (b < size() && closeTime(b) < to) {
      b++;
    }
    return new Bars(
        intervalMs,
        Arrays.copyOfRange(openTime, a, b),
        Arrays.copyOfRange(open, a, b),
        Arrays.copyOfRange(high, a, b),
        Arrays.copyOfRange(low, a, b),
        Arrays.copyOfRange(close, a, b),
        Arrays.copyOfRange(volume, a, b),
        Arrays.copyOfRange(quoteVolume, a, b),
        Arrays.copyOfRange(trades, a, b));
  }
}
