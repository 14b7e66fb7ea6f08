package io.fundarb.engine.multivenue;

import io.fundarb.engine.strategy.CarryStrategy;

/**
 * The {@code split} baseline: always-on carry on every venue, the capital split evenly over all
 * opportunities. Each opportunity follows the single-venue {@code carry} baseline's rule (flat
 * while its trailing funding average is negative), so split differs from carry only in spreading
 * the capital.
 */
public final class SplitAllocation implements AllocationPolicy {
  private final CarryStrategy carry;

  public SplitAllocation(int window) {
    this.carry = new CarryStrategy(window);
  }

  @Override
  public String name() {
    return "split";
  }

  @Override
  public void allocate(AllocationState state, double[] weights) {
    double share = 1.0 / weights.length;
    for (int o = 0; o < weights.length; o++) {
      weights[o] = share * carry.target(state.view(o));
    }
  }
}
