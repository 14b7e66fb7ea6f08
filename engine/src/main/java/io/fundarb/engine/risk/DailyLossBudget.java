package io.fundarb.engine.risk;

import io.fundarb.engine.money.Fixed;

/**
 * The node's daily loss budget: equity is measured against the UTC day's opening equity; once
 * the loss passes the limit the budget stays spent until the next day starts.
 */
public final class DailyLossBudget {
  private static final long DAY_MS = 86_400_000L;
  private double maxLoss;
  private long day = Long.MIN_VALUE;
  private long dayOpen;
  private boolean spent;

  public DailyLossBudget(double maxLoss) {
    this.maxLoss = maxLoss;
  }

  /** Takes the equity (Fixed) at {@code time}; returns whether the budget is spent. */
  public boolean update(long time, long equity) {
    long today = Math.floorDiv(time, DAY_MS);
    if (today != day) {
      day = today;
      dayOpen = equity;
      spent = false;
    }
    if (Fixed.toDouble(equity - dayOpen) < -maxLoss * Fixed.toDouble(dayOpen)) {
      spent = true;
    }
    return spent;
  }

  /** A new limit (an operator's change); it is judged at the next {@link #update}, which may lift it. */
  public void setMaxLoss(double maxLoss) {
    this.maxLoss = maxLoss;
    this.spent = false;
  }

  public boolean spent() {
    return spent;
  }

  /** Today's P&amp;L as a fraction of the day's opening equity. */
  public double todayReturn(long equity) {
    return dayOpen == 0 ? 0 : Fixed.toDouble(equity - dayOpen) / Fixed.toDouble(dayOpen);
  }
}
