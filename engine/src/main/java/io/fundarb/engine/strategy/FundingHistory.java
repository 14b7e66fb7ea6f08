package io.fundarb.engine.strategy;

import io.fundarb.engine.money.Rate;

/**
 * The most recent settled funding rates of one perp, in a fixed ring; never allocates. A window's
 * mean comes from running sums of the exact rates: a portfolio asks every perp's trailing mean
 * every step and every step settles, so summing the window each time was a measurable share of
 * the loop (docs/BENCHMARKS.md).
 */
public final class FundingHistory {
  public static final int CAPACITY = 512;
  private static final int MASK = CAPACITY - 1;
  private final double[] rates = new double[CAPACITY];
  /**
   * The sum of every exact rate added so far, after each add (wrapping: a difference of two is
   * exact whenever the window's true sum fits a long, which {@link #maxAbs} guards).
   */
  private final long[] totals = new long[CAPACITY];
  private long total;
  private long maxAbs;
  private int count;
  private int next;

  public void add(long rate) {
    rates[next] = Rate.toDouble(rate);
    total += rate;
    totals[next] = total;
    maxAbs = Math.max(maxAbs, Math.abs(rate));
    next = (next + 1) & MASK;
    count++;
  }

  public int count() {
    return count;
  }

  public double last() {
    return count == 0 ? 0 : rates[(next - 1) & MASK];
  }

  /** Mean of the last {@code n} rates (fewer if fewer were seen); 0 when none. */
  public double average(int n) {
    int k = Math.min(Math.min(n, count), CAPACITY);
    if (k <= 0) {
      return 0;
    }
    if (maxAbs > Long.MAX_VALUE / k || (k == CAPACITY && count > CAPACITY)) {
      return slowAverage(k); // a window sum that might not fit a long, or one the ring no longer brackets
    }
    long sum = k == count ? total : total - totals[(next - 1 - k) & MASK];
    return Rate.toDouble(sum) / k;
  }

  private double slowAverage(int k) {
    double sum = 0;
    for (int j = 1; j <= k; j++) {
      sum += rates[(next - j) & MASK];
    }
    return sum / k;
  }

  /** The {@code back}-th most recent rate (0 = last); requires {@code back < min(count, CAPACITY)}. */
  public double get(int back) {
    return rates[(next - 1 - back) & MASK];
  }
}
