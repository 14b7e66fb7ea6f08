package io.fundarb.engine.exec;

import io.fundarb.engine.instrument.Leg;

/**
 * What to do about a hedged two-leg order (spot + perp, meant to net to zero delta) once its legs
 * have reported. Balanced within the delta limit: done (or wait while a leg still works). Out of
 * balance: wait while a leg still works and the tolerance time has not passed; then either
 * complete the lagging leg or unwind the leading one by the imbalance, as the policy says —
 * COMPLETE escalates to UNWIND after a number of failed attempts, so no orphan leg outlives the
 * repair. Quantities are signed base units (Fixed); pure and stateless.
 */
public final class HedgeRepair {
  public enum Policy { COMPLETE, UNWIND }

  /**
   * @param deltaLimit largest |spot + perp| left as is (Fixed base units; a lot step or two)
   * @param maxCompleteAttempts COMPLETE attempts before the repair unwinds instead
   */
  public record Settings(Policy policy, long toleranceMs, long deltaLimit, int maxCompleteAttempts) {
    public Settings {
      if (toleranceMs < 0 || deltaLimit < 0 || maxCompleteAttempts < 1) {
        throw new IllegalArgumentException("tolerance and delta limit must be >= 0, attempts >= 1");
      }
    }
  }

  /** The decision; an order quantity is signed (+ buy). */
  public sealed interface Action {
    record Done() implements Action {}

    record Wait() implements Action {}

    /** Send {@code quantity} more on the lagging leg. */
    record Complete(Leg leg, long quantity) implements Action {}

    /** Send {@code quantity} (reducing) on the leading leg. */
    record Unwind(Leg leg, long quantity) implements Action {}
  }

  private HedgeRepair() {}

  /**
   * @param spotFilled executed spot quantity of this hedge so far (signed)
   * @param perpFilled executed perp quantity of this hedge so far (signed)
   * @param working whether a leg still has an order working
   * @param completeAttempts COMPLETE actions already taken for this hedge
   */
  public static Action decide(long spotFilled, long perpFilled, boolean working, long ageMs, int completeAttempts,
      Settings s) {
    long delta = Math.addExact(spotFilled, perpFilled);
    if (Math.abs(delta) <= s.deltaLimit()) {
      return working ? new Action.Wait() : new Action.Done();
    }
    if (working && ageMs < s.toleranceMs()) {
      return new Action.Wait();
    }
    Leg leading = Math.abs(spotFilled) >= Math.abs(perpFilled) ? Leg.SPOT : Leg.PERP;
    Leg lagging = leading == Leg.SPOT ? Leg.PERP : Leg.SPOT;
    if (s.policy() == Policy.COMPLETE && completeAttempts < s.maxCompleteAttempts()) {
      return new Action.Complete(lagging, -delta);
    }
    return new Action.Unwind(leading, -delta);
  }
}
