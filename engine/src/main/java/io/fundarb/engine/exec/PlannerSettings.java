package io.fundarb.engine.exec;

import io.fundarb.engine.money.Rate;

/**
 * Bands that keep the hedge on target without churning (all {@link Rate}).
 *
 * @param rebalanceBand a leg is resized when it is off target by more than this share of the
 *     asset's max notional (price drift, target change)
 * @param deltaTolerance both legs are brought back to target whenever their net delta exceeds
 *     this share of max notional (after a partial fill or a rejected leg)
 * @param topUpBelow margin is added when a perp's margin balance falls below this multiple of
 *     its initial margin at the current mark
 * @param releaseAbove margin beyond this multiple of the initial margin is moved back to cash
 */
public record PlannerSettings(long rebalanceBand, long deltaTolerance, long topUpBelow, long releaseAbove) {
  public PlannerSettings {
    if (rebalanceBand < 0 || deltaTolerance < 0) {
      throw new IllegalArgumentException("bands must not be negative");
    }
    if (topUpBelow <= 0 || topUpBelow > Rate.ONE || releaseAbove < Rate.ONE) {
      throw new IllegalArgumentException("need 0 < top-up-below <= 1 <= release-above");
    }
  }

  public static PlannerSettings defaults() {
    return new PlannerSettings(Rate.ofBps(1000), Rate.ofBps(200), Rate.ofBps(8000), Rate.ofBps(15000));
  }
}
