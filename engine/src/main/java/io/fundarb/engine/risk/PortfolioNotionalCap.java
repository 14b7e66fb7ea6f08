package io.fundarb.engine.risk;

/**
 * The portfolio-wide notional cap as a pure function over all assets' approved targets: reductions
 * always pass; the increasing parts are scaled down together, pro rata, until the sum of
 * |target| x max notional fits {@code maxRatio} x the sum of max notionals.
 */
public final class PortfolioNotionalCap {
  private PortfolioNotionalCap() {
  }

  /**
   * @param targets approved targets (hedge ratios), changed in place when capped; NaN = hold
   * @param current current hedge ratios
   * @param maxNotional max notional per asset (any consistent unit)
   * @return whether any target was cut
   */
  public static boolean apply(double[] targets, double[] current, double[] maxNotional, double maxRatio) {
    double allowed = 0;
    double committed = 0;
    double extra = 0;
    for (int a = 0; a < targets.length; a++) {
      allowed += maxRatio * maxNotional[a];
      double t = Double.isNaN(targets[a]) ? current[a] : targets[a];
      double kept = kept(t, current[a]);
      committed += kept * maxNotional[a];
      extra += (Math.abs(t) - kept) * maxNotional[a];
    }
    if (committed + extra <= allowed * (1 + 1e-12) || extra == 0) {
      return false;
    }
    double scale = Math.max(0, (allowed - committed) / extra);
    for (int a = 0; a < targets.length; a++) {
      if (Double.isNaN(targets[a])) {
        continue;
      }
      double kept = kept(targets[a], current[a]);
      double size = kept + scale * (Math.abs(targets[a]) - kept);
      targets[a] = Math.copySign(size, targets[a]);
    }
    return true;
  }

  /** The part of a target that does not increase the position. */
  private static double kept(double target, double current) {
    return Math.signum(target) == Math.signum(current) ? Math.min(Math.abs(target), Math.abs(current)) : 0;
  }
}
