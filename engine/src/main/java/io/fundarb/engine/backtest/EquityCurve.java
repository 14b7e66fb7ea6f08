package io.fundarb.engine.backtest;

import java.util.Arrays;

/**
 * Account equity (Fixed) sampled once per clock step, with whether any position was open.
 * Preallocated to the number of steps, so a replay's recording never allocates; a live run's
 * curve (its length unknown) doubles when full.
 */
public final class EquityCurve {
  private long[] time;
  private long[] equity;
  private boolean[] inMarket;
  private int size;

  public EquityCurve(int capacity) {
    time = new long[capacity];
    equity = new long[capacity];
    inMarket = new boolean[capacity];
  }

  public void record(long t, long value, boolean open) {
    if (size == time.length) {
      int grown = Math.max(16, 2 * size);
      time = Arrays.copyOf(time, grown);
      equity = Arrays.copyOf(equity, grown);
      inMarket = Arrays.copyOf(inMarket, grown);
    }
    time[size] = t;
    equity[size] = value;
    inMarket[size] = open;
    size++;
  }

  public int size() {
    return size;
  }

  public long time(int k) {
    return time[k];
  }

  public long equity(int k) {
    return equity[k];
  }

  public boolean inMarket(int k) {
    return inMarket[k];
  }

  public long[] times() {
    return Arrays.copyOf(time, size);
  }

  public long[] equities() {
    return Arrays.copyOf(equity, size);
  }
}
