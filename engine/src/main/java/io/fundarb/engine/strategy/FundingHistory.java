package io.fundarb.engine.strategy;

import io.fundarb.engine.money.Rate;

/** The most recent settled funding rates of one perp, in a fixed ring; never allocates. */
public final class FundingHistory {
  public static final int CAPACITY = 512;
  private static final int MASK = CAPACITY - 1;
  private final double[] rates = new double[CAPACITY];
  private int count;
  private int next;
  private int cachedWindow = -1;
  private double cachedAverage;

  public void add(long rate) {
    rates[next] = Rate.toDouble(rate);
    next = (next + 1) & MASK;
    count++;
    cachedWindow = -1;
  }

  public int count() {
    return count;
  }

  public double last() {
    return count == 0 ? 0 : rates[(next - 1) & MASK];
  }

  /** Mean of the last {@code n} rates (fewer if fewer were seen); 0 when none. */
  public double average(int n) {
    if (n == cachedWindow) {
      return cachedAverage; // strategies ask every step; the answer changes only at settlements
    }
    cachedAverage = sum(n);
    cachedWindow = n;
    return cachedAverage;
  }

  private double sum(int n) {
    int k = Math.min(Math.min(n, count), CAPACITY);
    if (k <= 0) {
      return 0;
    }
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
