package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import org.junit.jupiter.api.Test;

class AssetRiskGuardTest {
  private static final long HOUR = 3_600_000L;
  private static final long NOTIONAL = Fixed.ofUnits(10_000);
  private static final long PRICE = Fixed.ofUnits(30_000);

  private final RiskLimits limits = RiskLimits.defaults(1);
  private final AssetRiskGuard guard = new AssetRiskGuard(limits);

  private static RiskInput input(long t, double proposed, double current, long price, double marginRatio, long pnl) {
    return new RiskInput(t, proposed, current, current == 0, price, marginRatio, pnl, NOTIONAL);
  }

  private RiskDecision decide(long t, double proposed, double current) {
    return guard.decide(input(t, proposed, current, PRICE, 0, 0), NodeRiskState.NORMAL);
  }

  @Test
  void aProposalWithinEveryLimitPassesUntouched() {
    RiskDecision d = decide(0, 0.8, 0.5);
    assertTrue(d.passed());
    assertEquals(0.8, d.target());
  }

  @Test
  void positionLimitCapsTheTarget() {
    AssetRiskGuard capped = new AssetRiskGuard(new RiskLimits(0.5, 1, 0.02, 0.05, HOUR, 5, 0.15, HOUR, 0.5, 0.5, 1, 3,
        0.6, 1));
    RiskDecision d = capped.decide(input(0, -0.9, 0, PRICE, 0, 0), NodeRiskState.NORMAL);
    assertEquals(-0.5, d.target());
    assertTrue(d.triggered().contains(RiskRule.POSITION_LIMIT));
  }

  @Test
  void killSwitchAndDailyLossFlatten() {
    assertEquals(0, guard.decide(input(0, 1, 1, PRICE, 0, 0), new NodeRiskState(true, false, false)).target());
    RiskDecision d = guard.decide(input(HOUR, 1, 1, PRICE, 0, 0), new NodeRiskState(false, true, false));
    assertEquals(0, d.target());
    assertTrue(d.triggered().contains(RiskRule.DAILY_LOSS));
  }

  @Test
  void stopLossExitsAndBlocksReentryForTheCoolDown() {
    guard.decide(input(0, 1, 0, PRICE, 0, 0), NodeRiskState.NORMAL);
    guard.decide(input(HOUR, 1, 1, PRICE, 0, -Fixed.ofUnits(100)), NodeRiskState.NORMAL);
    RiskDecision stop = guard.decide(input(2 * HOUR, 1, 1, PRICE, 0, -Fixed.ofUnits(501)), NodeRiskState.NORMAL);
    assertEquals(0, stop.target());
    assertTrue(stop.triggered().contains(RiskRule.STOP_LOSS));
    RiskDecision blocked = guard.decide(input(3 * HOUR, 1, 0, PRICE, 0, -Fixed.ofUnits(501)), NodeRiskState.NORMAL);
    assertEquals(0, blocked.target());
    RiskDecision later = guard.decide(input(27 * HOUR, 1, 0, PRICE, 0, -Fixed.ofUnits(501)), NodeRiskState.NORMAL);
    assertEquals(1, later.target());
  }

  @Test
  void aLosingStreakHaltsNewEntriesUntilResumed() {
    long t = 0;
    long pnl = 0;
    for (int trip = 0; trip < limits.maxLosingStreak(); trip++) {
      guard.decide(input(t += HOUR, 1, 1, PRICE, 0, pnl), NodeRiskState.NORMAL);
      pnl -= Fixed.ofUnits(10);
      guard.decide(input(t += HOUR, 1, 0, PRICE, 0, pnl), NodeRiskState.NORMAL);
    }
    assertTrue(guard.halted());
    RiskDecision d = guard.decide(input(t + HOUR, 1, 0, PRICE, 0, pnl), NodeRiskState.NORMAL);
    assertEquals(0, d.target());
    assertTrue(d.triggered().contains(RiskRule.LOSING_STREAK));
    guard.resume();
    assertEquals(1, guard.decide(input(t + 2 * HOUR, 1, 0, PRICE, 0, pnl), NodeRiskState.NORMAL).target());
  }

  @Test
  void aWinningTripResetsTheStreak() {
    guard.decide(input(HOUR, 1, 1, PRICE, 0, 0), NodeRiskState.NORMAL);
    guard.decide(input(2 * HOUR, 1, 0, PRICE, 0, -Fixed.ofUnits(10)), NodeRiskState.NORMAL);
    assertEquals(1, guard.losingStreak());
    guard.decide(input(3 * HOUR, 1, 1, PRICE, 0, -Fixed.ofUnits(10)), NodeRiskState.NORMAL);
    guard.decide(input(4 * HOUR, 1, 0, PRICE, 0, Fixed.ofUnits(5)), NodeRiskState.NORMAL);
    assertEquals(0, guard.losingStreak());
  }

  @Test
  void aSharpMoveBlocksEntriesButAllowsReductionsUntilItAgesOut() {
    decide(0, 0.5, 0.5);
    RiskDecision d = guard.decide(input(HOUR / 2, 1, 0.5, PRICE * 80 / 100, 0, 0), NodeRiskState.NORMAL);
    assertEquals(0.5, d.target());
    assertTrue(d.triggered().contains(RiskRule.SHARP_MOVE));
    assertEquals(0.2, guard.decide(input(HOUR / 2 + 1, 0.2, 0.5, PRICE * 80 / 100, 0, 0), NodeRiskState.NORMAL)
        .target());
    assertTrue(guard.decide(input(2 * HOUR, 1, 0.5, PRICE * 80 / 100, 0, 0), NodeRiskState.NORMAL).passed());
  }

  @Test
  void aHighMarginRatioReducesThePosition() {
    RiskDecision d = guard.decide(input(0, 1, 0.8, PRICE, 0.7, 0), NodeRiskState.NORMAL);
    assertEquals(0.4, d.target(), 1e-12);
    assertTrue(d.triggered().contains(RiskRule.MARGIN));
  }

  @Test
  void safeModeIsReduceOnlyAndNeverFlipsTheSide() {
    NodeRiskState safe = new NodeRiskState(false, false, true);
    assertEquals(0.3, guard.decide(input(0, 0.9, 0.3, PRICE, 0, 0), safe).target());
    assertEquals(0.1, guard.decide(input(1, 0.1, 0.3, PRICE, 0, 0), safe).target());
    assertEquals(0, guard.decide(input(2, -0.5, 0.3, PRICE, 0, 0), safe).target());
  }

  @Test
  void badDataHoldsTheCurrentTarget() {
    RiskDecision d = guard.decide(input(0, 1, 0.5, 0, 0, 0), NodeRiskState.NORMAL);
    assertTrue(d.holds());
    assertTrue(guard.decide(input(1, Double.NaN, 0.5, PRICE, 0, 0), NodeRiskState.NORMAL).holds());
  }

  @Test
  void leverageStartsAtBaseAndRisesOnlyWhileCalm() {
    RiskLimits levered = RiskLimits.defaults(3);
    AssetRiskGuard g = new AssetRiskGuard(levered);
    double base = levered.leverageCapRatio(Double.POSITIVE_INFINITY);
    assertEquals((1 / 2.0) / (3 / 4.0), base, 1e-12);
    RiskDecision first = g.decide(input(0, 1, 0, PRICE, 0, 0), NodeRiskState.NORMAL);
    assertEquals(base, first.target(), 1e-12);
    assertTrue(first.triggered().contains(RiskRule.LEVERAGE_CAP));
    long t = 0;
    for (int k = 0; k < 48; k++) { // calm: 0.01 % hourly moves (~0.9 % a year)
      long p = PRICE + (k % 2 == 0 ? Fixed.ofUnits(3) : 0);
      g.decide(input(t += HOUR, 1, 0, p, 0, 0), NodeRiskState.NORMAL);
    }
    assertEquals(1, g.decide(input(t + HOUR, 1, 0, PRICE, 0, 0), NodeRiskState.NORMAL).target());
    for (int k = 0; k < 48; k++) { // 3 % hourly swings: far above 60 % a year
      long p = k % 2 == 0 ? PRICE * 103 / 100 : PRICE;
      g.decide(input(t += HOUR, 0.2, 0, p, 0, 0), NodeRiskState.NORMAL);
    }
    assertFalse(g.volatility() <= levered.calmVolatility());
    assertEquals(base, g.decide(input(t + HOUR, 1, 0, PRICE, 0, 0), NodeRiskState.NORMAL).target(), 1e-12);
  }

  @Test
  void limitsRejectLeverageAboveThree() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RiskLimits.defaults(4));
  }
}
