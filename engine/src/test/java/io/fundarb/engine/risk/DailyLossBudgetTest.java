package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import org.junit.jupiter.api.Test;

class DailyLossBudgetTest {
  private static final long DAY = 86_400_000L;

  @Test
  void spendsPastTheLimitAndRenewsAtTheNextUtcDay() {
    DailyLossBudget budget = DailyLossBudget.NEW.update(DAY, Fixed.ofUnits(100_000), 0.02);
    assertFalse(budget.spent());
    budget = budget.update(DAY + 1, Fixed.ofUnits(98_001), 0.02);
    assertFalse(budget.spent());
    budget = budget.update(DAY + 2, Fixed.ofUnits(97_999), 0.02);
    assertTrue(budget.spent());
    budget = budget.update(DAY + 3, Fixed.ofUnits(100_000), 0.02);
    assertTrue(budget.spent(), "stays spent for the day");
    assertFalse(budget.update(2 * DAY, Fixed.ofUnits(97_999), 0.02).spent(), "a new day opens at the current equity");
  }

  @Test
  void aChangedLimitIsJudgedAgainstTheSameDaysOpen() {
    DailyLossBudget budget = DailyLossBudget.NEW.update(DAY, Fixed.ofUnits(100_000), 0.02)
        .update(DAY + 1, Fixed.ofUnits(99_000), 0.02);
    assertFalse(budget.spent());
    budget = budget.limitChanged().update(DAY + 2, Fixed.ofUnits(99_000), 0.005);
    assertTrue(budget.spent(), "tightened below today's loss: spent");
    budget = budget.limitChanged().update(DAY + 3, Fixed.ofUnits(99_000), 0.02);
    assertFalse(budget.spent(), "restored: today's 1 % loss is within 2 %");
  }
}
