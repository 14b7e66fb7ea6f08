package io.fundarb.engine.multivenue;

/**
 * Decides, once per step, how much of the portfolio each opportunity gets. A policy keeps whatever
 * state it needs (holding periods, hysteresis); one instance serves one run.
 */
public interface AllocationPolicy {
  /** The name its results are reported under. */
  String name();

  /**
   * Writes each opportunity's share of the portfolio's capital into {@code weights} (one slot per
   * opportunity, all 0 on entry). Shares should be in [0, 1] and sum to at most 1; the portfolio's
   * {@link AllocationLimits} project whatever comes back (NaN, negatives, too much on one venue)
   * before anything trades.
   */
  void allocate(AllocationState state, double[] weights);
}
