package io.fundarb.engine.features;

/**
 * The last {@code capacity} doubles pushed, with mean and standard deviation over any suffix.
 * Suffixes are read newest first as two contiguous runs of the ring (no index arithmetic per
 * value: this runs for every feature of every asset at every step), in the same order as ever, so
 * the sums are bit-identical.
 */
final class RollingWindow {
  private final double[] values;
  private int count;
  private int next;

  RollingWindow(int capacity) {
    values = new double[capacity];
  }

  void push(double value) {
    values[next] = value;
    next = next + 1 == values.length ? 0 : next + 1;
    count++;
  }

  int size() {
    return Math.min(count, values.length);
  }

  /** The {@code back}-th most recent value (0 = last), or {@code fallback} when there is none. */
  double get(int back, double fallback) {
    if (back >= size()) {
      return fallback;
    }
    int i = next - 1 - back;
    return values[i >= 0 ? i : i + values.length];
  }

  double mean(int n) {
    int k = Math.min(n, size());
    if (k == 0) {
      return 0;
    }
    return sumNewest(k, 0, false) / k;
  }

  /** Population standard deviation of the last {@code n} values; 0 with fewer than two. */
  double std(int n) {
    int k = Math.min(n, size());
    if (k < 2) {
      return 0;
    }
    double mean = mean(k);
    return Math.sqrt(sumNewest(k, mean, true) / k);
  }

  double sum(int n) {
    return mean(n) * Math.min(n, size());
  }

  /** The sum of the newest {@code k} values, newest first ({@code squares}: of their squared distances to {@code mean}). */
  private double sumNewest(int k, double mean, boolean squares) {
    double sum = 0;
    int first = Math.min(k, next); // values[next - 1] down to values[next - first]
    for (int i = next - 1; i >= next - first; i--) {
      sum += squares ? (values[i] - mean) * (values[i] - mean) : values[i];
    }
    for (int i = values.length - 1; i >= values.length - (k - first); i--) { // then the ring's end
      sum += squares ? (values[i] - mean) * (values[i] - mean) : values[i];
    }
    return sum;
  }
}
