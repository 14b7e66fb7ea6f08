package io.fundarb.engine.multivenue;

import java.util.ArrayList;
import java.util.List;

/** The allocation after the limits, at every step a portfolio decided: for the report. */
public final class AllocationHistory {
  private final List<Opportunity> opportunities;
  private final List<Long> times = new ArrayList<>();
  private final List<double[]> weights = new ArrayList<>();

  AllocationHistory(List<Opportunity> opportunities) {
    this.opportunities = List.copyOf(opportunities);
  }

  void record(long time, double[] projected) {
    times.add(time);
    weights.add(projected.clone());
  }

  public List<Opportunity> opportunities() {
    return opportunities;
  }

  public int size() {
    return times.size();
  }

  public long time(int step) {
    return times.get(step);
  }

  public double weight(int step, int opportunity) {
    return weights.get(step)[opportunity];
  }

  /** Mean share of the portfolio the opportunity held over the run. */
  public double meanWeight(int opportunity) {
    double sum = 0;
    for (double[] w : weights) {
      sum += w[opportunity];
    }
    return weights.isEmpty() ? 0 : sum / weights.size();
  }
}
