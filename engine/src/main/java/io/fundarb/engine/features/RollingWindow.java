package io.fundarb.engine.features;

/** The last {@code capacity} doubles pushed, with mean and standard deviation over any suffix. */
final class RollingWindow {
  private final double[] values;
  private int count;
  private int next;

  RollingWindow(int capacity) {
    values = new double[capacity];
  }

  void push(double value) {
    values[next] = value;
    next = (next + 1) % values.length;
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
    return values[Math.floorMod(next - 1 - back, values.length)];
  }

  double mean(int n) {
    int k = Math.min(n, size());
    if (k == 0) {
      return 0;
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += values[Math.floorMod(next - 1 - j, values.length)];
    }
    return sum / k;
  }

  /** Population standard deviation of the last {@code n} values; 0 with fewer than two. */
  double std(int n) {
    int k = Math.min(n, size());
    if (k < 2) {
      return 0;
    }
    double mean = mean(k);
    double sum = 0;
    for (int j = 0; j < k; j++) {
      double d = values[Math.floorMod(next - 1 - j, values.length)] - mean;
      sum += d * d;
    }
    return Math.sqrt(sum / k);
  }

  double sum(int n) {
    return mean(n) * Math.min(n, size());
  }
}
