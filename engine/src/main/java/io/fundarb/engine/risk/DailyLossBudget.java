package io.fundarb.engine.risk;

import io.fundarb.engine.money.Fixed;

/**
 * The account's daily loss budget as a value: equity is measured against the UTC day's opening
 * equity; once the loss passes the limit the budget stays spent until the next day starts. Each
 * update returns the budget after it, so an event-sourced account keeps it as state.
 *
 * @param day the UTC day (days since the epoch) of the opening equity, Long.MIN_VALUE before the first
 * @param dayOpen the day's opening equity (Fixed)
 */
public record DailyLossBudget(long day, long dayOpen, boolean spent) {
  private static final long DAY_MS = 86_400_000L;
  public static final DailyLossBudget NEW = new DailyLossBudget(Long.MIN_VALUE, 0, false);

  /** The budget after equity (Fixed) was {@code equity} at {@code time}, with a limit of {@code maxLoss}. */
  public DailyLossBudget update(long time, long equity, double maxLoss) {
    long today = Math.floorDiv(time, DAY_MS);
    DailyLossBudget now = today != day ? new DailyLossBudget(today, equity, false) : this;
    if (!now.spent && Fixed.toDouble(equity - now.dayOpen) < -maxLoss * Fixed.toDouble(now.dayOpen)) {
      return new DailyLossBudget(now.day, now.dayOpen, true);
    }
    return now;
  }

  /** An operator changed the limit: the next update judges today's loss against it afresh. */
  public DailyLossBudget limitChanged() {
    return new DailyLossBudget(day, dayOpen, false);
  }

  /** Today's P&amp;L as a fraction of the day's opening equity. */
  public double todayReturn(long equity) {
    return dayOpen == 0 ? 0 : Fixed.toDouble(equity - dayOpen) / Fixed.toDouble(dayOpen);
  }
}
