package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import org.junit.jupiter.api.Test;

class DailyLossBudgetTest {
  private static final long DAY = 86_400_000L;

  @Test
  void spendsPastTheLimitAndRenewsAtTheNextUtcDay() {
    DailyLossBudget budget = new DailyLossBudget(0.02);
    assertFalse(budget.update(DAY, Fixed.ofUnits(100_000)));
    assertFalse(budget.update(DAY + 1, Fixed.ofUnits(98_001)));
    assertTrue(budget.update(DAY + 2, Fixed.ofUnits(97_999)));
    assertTrue(budget.update(DAY + 3, Fixed.ofUnits(100_000)), "stays spent for the day");
    assertFalse(budget.update(2 * DAY, Fixed.ofUnits(97_999)), "a new day opens at the current equity");
  }

  @Test
  void aChangedLimitIsJudgedAgainstTheSameDaysOpen() {
    DailyLossBudget budget = new DailyLossBudget(0.02);
    assertFalse(budget.update(DAY, Fixed.ofUnits(100_000)));
    assertFalse(budget.update(DAY + 1, Fixed.ofUnits(99_000)));
    budget.setMaxLoss(0.005);
    assertTrue(budget.update(DAY + 2, Fixed.ofUnits(99_000)), "tightened below today's loss: spent");
    budget.setMaxLoss(0.02);
    assertFalse(budget.update(DAY + 3, Fixed.ofUnits(99_000)), "restored: today's 1 % loss is within 2 %");
  }
}
