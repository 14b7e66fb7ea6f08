package io.fundarb.engine.multivenue;

import io.fundarb.engine.strategy.CarryStrategy;
import java.util.List;

/**
 * The {@code split} baseline: always-on carry on every venue, the capital split evenly over every
 * asset's carry on every venue (no cross-venue positions). Each carry follows the single-venue {@code carry} baseline's rule (flat
 * while its trailing funding average is negative), so split differs from carry only in spreading
 * the capital.
 */
public final class SplitAllocation implements AllocationPolicy {
  private final CarryStrategy carry;
  private long carries;

  public SplitAllocation(int window) {
    this.carry = new CarryStrategy(window);
  }

  @Override
  public String name() {
    return "split";
  }

  @Override
  public void allocate(AllocationState state, double[] weights) {
    List<Opportunity> opportunities = state.opportunities();
    if (carries == 0) {
      carries = opportunities.stream().filter(o -> !o.crossVenue()).count();
    }
    for (int o = 0; o < weights.length; o++) {
      Opportunity.Leg leg = opportunities.get(o).shortLeg();
      if (!opportunities.get(o).crossVenue()) {
        weights[o] = carry.target(state.view(leg.venue(), leg.asset())) / carries;
      }
    }
  }
}
