package io.fundarb.engine.risk;

import io.fundarb.engine.money.Fixed;
import java.util.EnumSet;

/**
 * The per-asset hard limits as one plain object: it watches the asset's prices and round trips
 * and turns each proposed target into the approved one. No actors, no clocks of its own: the
 * caller passes the time, so replay and live behave the same and tests need no waiting.
 */
public final class AssetRiskGuard {
  private static final double MS_PER_YEAR = 365.0 * 24 * 3_600_000;
  private static final double EWMA_DECAY = 0.94;
  /** Returns needed before volatility counts as known; until then only the base leverage applies. */
  static final int VOLATILITY_WARMUP = 24;

  private final RiskLimits limits;
  private final PriceWindow window;
  private double varPerMs;
  private int returns;
  private long lastPrice;
  private long lastTime;
  private boolean inTrip;
  private long tripStartPnl;
  private long lastFlatPnl;
  private int losingStreak;
  private boolean streakHalt;
  private long stoppedUntil = Long.MIN_VALUE;

  public AssetRiskGuard(RiskLimits limits) {
    this.limits = limits;
    this.window = new PriceWindow(limits.sharpMoveWindowMs());
  }

  public RiskDecision decide(RiskInput in, NodeRiskState node) {
    if (node.killed()) {
      return new RiskDecision(0, EnumSet.of(RiskRule.KILL_SWITCH));
    }
    if (in.spotPrice() <= 0 || Double.isNaN(in.proposed()) || Double.isNaN(in.current())) {
      return RiskDecision.hold(RiskRule.BAD_DATA);
    }
    observe(in);
    if (node.dailyLossHit()) {
      return new RiskDecision(0, EnumSet.of(RiskRule.DAILY_LOSS));
    }
    EnumSet<RiskRule> rules = EnumSet.noneOf(RiskRule.class);
    double target = in.proposed();
    if (inTrip && Fixed.toDouble(in.assetPnl() - tripStartPnl) < -Fixed.toDouble(in.maxNotional()) * limits.stopLoss()) {
      stoppedUntil = in.time() + limits.stopCooldownMs();
      return new RiskDecision(0, EnumSet.of(RiskRule.STOP_LOSS));
    }
    if (in.time() < stoppedUntil) {
      target = reduceOnly(target, in.current(), rules, RiskRule.STOP_LOSS);
    }
    if (in.marginRatio() > limits.maxMarginRatio()) {
      double reduced = in.current() * (1 - limits.marginReduceStep());
      target = Math.abs(target) < Math.abs(reduced) && Math.signum(target) == Math.signum(reduced) ? target : reduced;
      rules.add(RiskRule.MARGIN);
    }
    if (node.safeMode()) {
      target = reduceOnly(target, in.current(), rules, RiskRule.SAFE_MODE);
    }
    if (streakHalt) {
      target = reduceOnly(target, in.current(), rules, RiskRule.LOSING_STREAK);
    }
    if (window.move() > limits.sharpMove()) {
      target = reduceOnly(target, in.current(), rules, RiskRule.SHARP_MOVE);
    }
    target = cap(target, limits.maxPositionRatio(), rules, RiskRule.POSITION_LIMIT);
    target = cap(target, limits.leverageCapRatio(volatility()), rules, RiskRule.LEVERAGE_CAP);
    return new RiskDecision(target, rules);
  }

  /** Clears the losing-streak halt (a manual resume). */
  public void resume() {
    streakHalt = false;
    losingStreak = 0;
  }

  /** Annualised spot volatility, or +infinity until enough returns were seen (so only base leverage). */
  public double volatility() {
    return returns < VOLATILITY_WARMUP ? Double.POSITIVE_INFINITY : Math.sqrt(varPerMs * MS_PER_YEAR);
  }

  public int losingStreak() {
    return losingStreak;
  }

  public boolean halted() {
    return streakHalt;
  }

  private void observe(RiskInput in) {
    if (lastPrice > 0 && in.time() > lastTime && in.spotPrice() != lastPrice) {
      double r = StrictMath.log((double) in.spotPrice() / lastPrice);
      double perMs = r * r / (in.time() - lastTime);
      varPerMs = returns == 0 ? perMs : EWMA_DECAY * varPerMs + (1 - EWMA_DECAY) * perMs;
      returns++;
    } else if (lastPrice > 0 && in.time() > lastTime) {
      varPerMs *= EWMA_DECAY;
      returns++;
    }
    lastPrice = in.spotPrice();
    lastTime = in.time();
    window.add(in.time(), in.spotPrice());
    trackRoundTrip(in);
  }

  private void trackRoundTrip(RiskInput in) {
    if (in.flat()) {
      if (inTrip) {
        inTrip = false;
        losingStreak = in.assetPnl() < tripStartPnl ? losingStreak + 1 : 0;
        streakHalt |= losingStreak >= limits.maxLosingStreak();
      }
      lastFlatPnl = in.assetPnl();
    } else if (!inTrip) {
      inTrip = true;
      tripStartPnl = lastFlatPnl; // the entry's fees count against the trip
    }
  }

  private static double reduceOnly(double target, double current, EnumSet<RiskRule> rules, RiskRule rule) {
    double limited = Math.signum(target) != Math.signum(current) ? 0
        : Math.signum(target) * Math.min(Math.abs(target), Math.abs(current));
    if (limited != target) {
      rules.add(rule);
    }
    return limited;
  }

  static double cap(double target, double max, EnumSet<RiskRule> rules, RiskRule rule) {
    if (Math.abs(target) > max) {
      rules.add(rule);
      return Math.copySign(max, target);
    }
    return target;
  }
}
