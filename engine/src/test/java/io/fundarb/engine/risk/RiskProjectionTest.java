package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class RiskProjectionTest {
  private final RiskProjection projection = RiskProjection.defaults();

  private static RiskProjection.Input calm(double proposed) {
    return new RiskProjection.Input(proposed, 0, 0.40, 0.0001, 0, 0, 2);
  }

  @Test
  void aCalmProposalPassesUntouched() {
    RiskDecision d = projection.project(calm(0.8));
    assertEquals(0.8, d.target());
    assertTrue(d.passed());
  }

  @Test
  void theVolatilityCapHalvesWhenVolatilityDoublesPastCalm() {
    RiskDecision d = projection.project(new RiskProjection.Input(1.0, 1.0, 1.20, 0.0001, 0, 0, 2));
    assertEquals(0.5, d.target(), 1e-12);
    assertEquals(Set.of(RiskRule.LEVERAGE_CAP), d.triggered());
  }

  @Test
  void aDailyLossAtTheBudgetFlattens() {
    RiskDecision d = projection.project(new RiskProjection.Input(1.0, 1.0, 0.4, 0.0001, -0.02, 0, 2));
    assertEquals(0, d.target());
    assertEquals(Set.of(RiskRule.DAILY_LOSS), d.triggered());
  }

  @Test
  void fundingAgainstTheDirectionExitsItButNotTheOther() {
    RiskDecision longCarry = projection.project(new RiskProjection.Input(1.0, 1.0, 0.4, -0.003, 0, 0, 2));
    assertEquals(0, longCarry.target());
    assertEquals(Set.of(RiskRule.ADVERSE_FUNDING), longCarry.triggered());
    RiskDecision reverse = projection.project(new RiskProjection.Input(-1.0, 0, 0.4, -0.003, 0, 0, 2));
    assertEquals(-1.0, reverse.target());
    RiskDecision mild = projection.project(new RiskProjection.Input(1.0, 1.0, 0.4, -0.0001, 0, 0, 2));
    assertEquals(1.0, mild.target(), "a slightly negative settlement is noise, not a reason to exit");
  }

  @Test
  void thePortfolioBudgetLeavesOnlyWhatOtherAssetsDoNotUse() {
    RiskProjection half = new RiskProjection(1.0, 0.5, 0.6, 0.02, 0.0005);
    RiskDecision d = half.project(new RiskProjection.Input(1.0, 0, 0.4, 0.0001, 0, 0.7, 2));
    assertEquals(0.3, d.target(), 1e-12);
    assertEquals(Set.of(RiskRule.PORTFOLIO_NOTIONAL), d.triggered());
  }

  @Test
  void unusableInputHoldsTheCurrentTarget() {
    assertTrue(projection.project(new RiskProjection.Input(Double.NaN, 0.5, 0.4, 0, 0, 0, 1)).holds());
    assertTrue(projection.project(new RiskProjection.Input(0.5, 0.5, 0.4, Double.NaN, 0, 0, 1)).holds());
  }

  @Test
  void badLimitsAreAClearError() {
    assertThrows(IllegalArgumentException.class, () -> new RiskProjection(1.5, 1, 0.6, 0.02, 0.0005));
    assertThrows(IllegalArgumentException.class, () -> new RiskProjection(1, 1, 0, 0.02, 0.0005));
  }

  @Property(tries = 1000)
  void projectedTargetsStayInsideEveryCapAndNeverFlipOrGrow(
      @ForAll @DoubleRange(min = -1.5, max = 1.5) double proposed,
      @ForAll @DoubleRange(min = -1, max = 1) double current,
      @ForAll @DoubleRange(min = 0, max = 5) double volatility,
      @ForAll @DoubleRange(min = -0.004, max = 0.004) @Scale(5) double funding,
      @ForAll @DoubleRange(min = -0.05, max = 0.05) @Scale(4) double dailyPnl,
      @ForAll @DoubleRange(min = 0, max = 4) double others,
      @ForAll @IntRange(min = 1, max = 4) int assets,
      @ForAll @DoubleRange(min = 0, max = 1) double maxPosition,
      @ForAll @DoubleRange(min = 0, max = 1) double maxPortfolio) {
    RiskProjection p = new RiskProjection(maxPosition, maxPortfolio, 0.6, 0.02, 0.0005);
    RiskDecision d = p.project(new RiskProjection.Input(proposed, current, volatility, funding, dailyPnl, others, assets));
    double t = d.target();
    assert Math.abs(t) <= maxPosition + 1e-12 : "position cap";
    assert Math.abs(t) <= p.volatilityCap(volatility) + 1e-12 : "volatility cap";
    assert Math.abs(t) <= Math.max(0, maxPortfolio * assets - others) + 1e-12 : "portfolio budget";
    assert Math.abs(t) <= Math.abs(proposed) + 1e-12 : "grew";
    assert t == 0 || Math.signum(t) == Math.signum(proposed) : "flipped";
    assert dailyPnl > -0.02 || t == 0 : "daily loss did not flatten";
    assert t == 0 || Math.signum(t) * funding >= -0.0005 : "kept paying adverse funding";
  }
}
