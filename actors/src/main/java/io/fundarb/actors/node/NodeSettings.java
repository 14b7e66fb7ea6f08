package io.fundarb.actors.node;

import java.time.Duration;

/**
 * Node-level settings of a replaying node.
 *
 * @param speed replay speed as a multiple of real time (3600 = an hour per second); 0 = as fast
 *     as the actors answer (virtual time, used by tests and the default paper run)
 * @param stepTimeout how long a step waits for every asset's decision; a missing one holds
 * @param maxPortfolioRatio portfolio notional cap as a fraction of the sum of max notionals
 * @param maxDailyLoss node daily loss budget as a fraction of the day's opening equity
 */
public record NodeSettings(double speed, Duration stepTimeout, double maxPortfolioRatio, double maxDailyLoss) {
  public NodeSettings {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
    }
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("step timeout must be positive");
    }
  }
}
