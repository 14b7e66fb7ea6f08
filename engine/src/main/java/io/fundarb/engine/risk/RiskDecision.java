package io.fundarb.engine.risk;

import java.util.EnumSet;
import java.util.Set;

/**
 * The approved target hedge ratio and the rules that changed it (empty when the proposal passed
 * untouched). A decision that {@link #holds()} keeps whatever target the asset had: the engine
 * never trades on data it could not trust, in either direction.
 */
public record RiskDecision(double target, Set<RiskRule> triggered) {
  public RiskDecision {
    triggered = triggered.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(triggered));
  }

  public static RiskDecision hold(RiskRule reason) {
    return new RiskDecision(Double.NaN, EnumSet.of(reason));
  }

  public boolean holds() {
    return Double.isNaN(target);
  }

  public boolean passed() {
    return triggered.isEmpty();
  }
}
