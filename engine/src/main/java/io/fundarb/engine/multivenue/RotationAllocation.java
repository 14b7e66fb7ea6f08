package io.fundarb.engine.multivenue;

import io.fundarb.engine.time.Times;

/**
 * The {@code rotation} baseline: hold the {@code k} opportunities (carry on any venue, or across
 * venues) with the best trailing funding net of what entering and leaving costs, each with 1/k of
 * the portfolio.
 *
 * <p>Score: the trailing mean funding per year over {@code window} settlements, less the round trip
 * cost paid back over {@code costHorizonMs} ({@code cost * year / horizon}): how long a carry
 * position is expected to stay once entered (months, on this data), not the minimum hold, which
 * would charge a week's carry with a whole round trip. An opportunity is entered when
 * its score is positive and a slot is free; a held one is left when its trailing funding turns
 * negative (as {@code carry} does), or, once held for {@code minHoldMs}, when its score is no longer
 * positive or a candidate scores more than {@code switchMargin} (per year) above it (hysteresis: one
 * swap per step, the worst held for the best waiting).
 */
public final class RotationAllocation implements AllocationPolicy {
  private final int k;
  private final int window;
  private final long minHoldMs;
  private final double switchMargin;
  private final long costHorizonMs;
  private boolean[] held;
  private long[] since;
  private double[] score;

  public RotationAllocation(int k, int window, long minHoldMs, double switchMargin, long costHorizonMs) {
    if (k < 1 || window < 1 || minHoldMs < 0 || !(switchMargin >= 0) || costHorizonMs <= 0) {
      throw new IllegalArgumentException(
          "rotation needs k >= 1, window >= 1, a minimum hold >= 0, a margin >= 0 and a cost horizon > 0");
    }
    this.costHorizonMs = costHorizonMs;
    this.k = k;
    this.window = window;
    this.minHoldMs = minHoldMs;
    this.switchMargin = switchMargin;
  }

  @Override
  public String name() {
    return "rotation";
  }

  @Override
  public void allocate(AllocationState state, double[] weights) {
    int n = weights.length;
    if (held == null) {
      held = new boolean[n];
      since = new long[n];
      score = new double[n];
    }
    long now = state.time();
    for (int o = 0; o < n; o++) {
      double funding = state.annualFunding(o, window);
      score[o] = funding - state.roundTripCost(o) * Times.YEAR_MS / costHorizonMs;
      boolean served = now - since[o] >= minHoldMs;
      if (held[o] && (funding < 0 || served && score[o] <= 0)) {
        held[o] = false;
      }
    }
    while (count() < k) {
      int best = bestWaiting();
      if (best < 0 || score[best] <= 0) {
        break;
      }
      hold(best, now);
    }
    int candidate = bestWaiting();
    int worst = worstServed(now);
    if (candidate >= 0 && worst >= 0 && score[candidate] > score[worst] + switchMargin) {
      held[worst] = false;
      hold(candidate, now);
    }
    for (int o = 0; o < n; o++) {
      weights[o] = held[o] ? 1.0 / k : 0;
    }
  }

  private void hold(int o, long now) {
    held[o] = true;
    since[o] = now;
  }

  private int count() {
    int c = 0;
    for (boolean h : held) {
      c += h ? 1 : 0;
    }
    return c;
  }

  /** The best-scoring opportunity not held, or -1. */
  private int bestWaiting() {
    int best = -1;
    for (int o = 0; o < score.length; o++) {
      if (!held[o] && (best < 0 || score[o] > score[best])) {
        best = o;
      }
    }
    return best;
  }

  private int worstServed(long now) {
    int worst = -1;
    for (int o = 0; o < score.length; o++) {
      if (held[o] && now - since[o] >= minHoldMs && (worst < 0 || score[o] < score[worst])) {
        worst = o;
      }
    }
    return worst;
  }
}
