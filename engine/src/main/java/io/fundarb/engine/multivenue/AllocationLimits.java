package io.fundarb.engine.multivenue;

import java.util.Arrays;

/**
 * The hard limits on an allocation, applied to every policy's output (baselines and learned alike):
 * each opportunity at most {@code maxPerOpportunity} of the portfolio, each venue at most
 * {@code maxPerVenue}, all together at most {@code maxTotal}. Over a limit, shares are scaled down
 * in proportion; a NaN or negative share counts as 0.
 */
public record AllocationLimits(double maxPerOpportunity, double maxPerVenue, double maxTotal) {
  public AllocationLimits {
    for (double limit : new double[] {maxPerOpportunity, maxPerVenue, maxTotal}) {
      if (!(limit > 0 && limit <= 1)) {
        throw new IllegalArgumentException("allocation limits must be in (0, 1], got " + limit);
      }
    }
  }

  /**
   * Projects {@code weights} into the limits in place.
   *
   * @param longVenue venue of each opportunity's long leg
   * @param shortVenue venue of each opportunity's short leg; an opportunity across two venues counts
   *     its whole share against each of them (what either venue failing would put at risk)
   * @param perVenue one slot per venue, overwritten (scratch, so a replay does not allocate per step)
   * @return how many shares were invalid (NaN or negative) and set to 0
   */
  public int project(double[] weights, int[] longVenue, int[] shortVenue, double[] perVenue) {
    int invalid = 0;
    for (int o = 0; o < weights.length; o++) {
      double w = weights[o];
      if (Double.isNaN(w) || w < 0) {
        invalid++;
        weights[o] = 0;
      } else {
        weights[o] = Math.min(w, maxPerOpportunity);
      }
    }
    Arrays.fill(perVenue, 0);
    for (int o = 0; o < weights.length; o++) {
      perVenue[longVenue[o]] += weights[o];
      if (shortVenue[o] != longVenue[o]) {
        perVenue[shortVenue[o]] += weights[o];
      }
    }
    for (int o = 0; o < weights.length; o++) {
      double onVenue = Math.max(perVenue[longVenue[o]], perVenue[shortVenue[o]]);
      if (onVenue > maxPerVenue) {
        weights[o] *= maxPerVenue / onVenue;
      }
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (total > maxTotal) {
      for (int o = 0; o < weights.length; o++) {
        weights[o] *= maxTotal / total;
      }
    }
    return invalid;
  }
}
