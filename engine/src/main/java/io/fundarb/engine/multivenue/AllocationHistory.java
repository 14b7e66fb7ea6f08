package io.fundarb.engine.multivenue;

import java.util.Arrays;
import java.util.List;

/** The allocation after the limits, at every step a portfolio decided: for the report. */
public final class AllocationHistory {
  private final List<Opportunity> opportunities;
  private final int width;
  private long[] times = new long[1024];
  private float[] weights;
  private int size;

  AllocationHistory(List<Opportunity> opportunities) {
    this.opportunities = List.copyOf(opportunities);
    this.width = opportunities.size();
    this.weights = new float[1024 * width];
  }

  /** Keeps the shares as floats: a report's precision, at half the memory of a long replay. */
  void record(long time, double[] projected) {
    if (size == times.length) {
      times = Arrays.copyOf(times, 2 * size);
      weights = Arrays.copyOf(weights, 2 * size * width);
    }
    times[size] = time;
    for (int o = 0; o < width; o++) {
      weights[size * width + o] = (float) projected[o];
    }
    size++;
  }

  public List<Opportunity> opportunities() {
    return opportunities;
  }

  public int size() {
    return size;
  }

  public long time(int step) {
    return times[step];
  }

  public double weight(int step, int opportunity) {
    return weights[step * width + opportunity];
  }

  /** Mean share of the portfolio the opportunity held over the run. */
  public double meanWeight(int opportunity) {
    double sum = 0;
    for (int k = 0; k < size; k++) {
      sum += weights[k * width + opportunity];
    }
    return size == 0 ? 0 : sum / size;
  }
}
