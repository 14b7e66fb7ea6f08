package io.fundarb.engine.multivenue;

/**
 * How the learned allocator's output becomes an allocation: one number per opportunity, clipped to
 * [0, 1], times the most one opportunity may hold; a share that would move by less than
 * {@code deadband} of that maximum keeps its current value, so exploration noise and small
 * wavering do not churn the book. The portfolio's {@link AllocationLimits} then project the whole
 * allocation (per venue, in all) as for any policy.
 */
public final class AllocatorAction {
  private AllocatorAction() {}

  /** @param state the portfolio now: each opportunity's current share */
  public static void toWeights(float[] action, int offset, double maxPerOpportunity, double deadband,
      AllocationState state, double[] weights) {
    for (int o = 0; o < weights.length; o++) {
      float a = action[offset + o];
      if (Float.isNaN(a)) {
        weights[o] = Double.NaN; // counted and zeroed by the limits
        continue;
      }
      double wanted = Math.max(0, Math.min(1, a)) * maxPerOpportunity;
      double held = state.weight(o);
      weights[o] = Math.abs(wanted - held) < deadband * maxPerOpportunity ? held : wanted;
    }
  }

  /** Between decisions: every share stays what it is. */
  public static void hold(AllocationState state, double[] weights) {
    for (int o = 0; o < weights.length; o++) {
      weights[o] = state.weight(o);
    }
  }
}
