package io.fundarb.models.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromotionRuleTest {
  private final PromotionRule rule = new PromotionRule(0.2, 0.005);

  @Test
  void aCandidateMustWinOnSharpeByTheMarginAndNotLoseOnDrawdown() {
    PromotionRule.Score current = new PromotionRule.Score(2.0, 0.010);
    assertTrue(rule.judge(new PromotionRule.Score(2.3, 0.012), current).promote());
    PromotionRule.Verdict small = rule.judge(new PromotionRule.Score(2.1, 0.010), current);
    assertFalse(small.promote());
    assertTrue(small.reason().contains("Sharpe does not beat"), small.reason());
    PromotionRule.Verdict deeper = rule.judge(new PromotionRule.Score(3.0, 0.020), current);
    assertFalse(deeper.promote());
    assertTrue(deeper.reason().contains("drawdown is worse"), deeper.reason());
  }

  @Test
  void aFlatCandidateNeverWinsAndTheFirstModelIsTaken() {
    assertFalse(rule.judge(new PromotionRule.Score(Double.NaN, 0), new PromotionRule.Score(Double.NaN, 0)).promote());
    assertTrue(rule.judge(new PromotionRule.Score(Double.NaN, 0), null).promote());
  }
}
