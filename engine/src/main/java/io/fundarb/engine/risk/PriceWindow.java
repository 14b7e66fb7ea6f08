package io.fundarb.engine.risk;

/** Prices seen within a trailing time window, answering the largest move (max / min - 1) in it. */
final class PriceWindow {
  private final long spanMs;
  private long[] times = new long[16];
  private long[] prices = new long[16];
  private int head;
  private int size;

  PriceWindow(long spanMs) {
    this.spanMs = spanMs;
  }

  void add(long time, long price) {
    while (size > 0 && times[head] <= time - spanMs) {
      head = (head + 1) % times.length;
      size--;
    }
    if (size == times.length) {
      grow();
    }
    int tail = (head + size) % times.length;
    times[tail] = time;
    prices[tail] = price;
    size++;
  }

  double move() {
    if (size < 2) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int k = 0; k < size; k++) {
      long p = prices[(head + k) % prices.length];
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    return (double) max / min - 1;
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    long[] p = new long[times.length * 2];
    for (int k = 0; k < size; k++) {
      t[k] = times[(head + k) % times.length];
      p[k] = prices[(head + k) % times.length];
    }
    times = t;
    prices = p;
    head = 0;
  }
}
