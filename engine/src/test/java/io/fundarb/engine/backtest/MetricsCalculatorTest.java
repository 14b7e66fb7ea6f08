package io.fundarb.engine.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import org.junit.jupiter.api.Test;

class MetricsCalculatorTest {
  private final Portfolio portfolio =
      new Portfolio(TestInstruments.universe("BINANCE", "BTCUSDT"), Fixed.ofUnits(100), 1, TradeJournal.disabled());

  @Test
  void returnsDrawdownAndRatiosMatchHandFigures() {
    // Daily equity 100 -> 110 -> 99 -> 121 -> 121: returns +10 %, -10 %, +22.22 %, 0.
    EquityCurve curve = new EquityCurve(5);
    long day = Times.DAY_MS;
    curve.record(0, Fixed.ofUnits(100), false);
    curve.record(day, Fixed.ofUnits(110), true);
    curve.record(2 * day, Fixed.ofUnits(99), true);
    curve.record(3 * day, Fixed.ofUnits(121), true);
    curve.record(4 * day, Fixed.ofUnits(121), false);
    PerformanceMetrics m = MetricsCalculator.compute(curve, Fixed.ofUnits(100), Attribution.of(portfolio));

    assertEquals(0.21, m.totalReturn(), 1e-12);
    double years = 4.0 / 365;
    assertEquals(Math.pow(1.21, 1 / years) - 1, m.annualReturn(), 1e-6);
    double[] r = {0, 0.1, -0.1, 22.0 / 99, 0};
    double mean = (r[1] + r[2] + r[3]) / 5;
    double var = (r[1] * r[1] + r[2] * r[2] + r[3] * r[3]) / 5 - mean * mean;
    double stepsPerYear = 4 / years; // 365 daily steps
    assertEquals(Math.sqrt(var) * Math.sqrt(stepsPerYear), m.annualVolatility(), 1e-12);
    assertEquals(mean / Math.sqrt(var) * Math.sqrt(stepsPerYear), m.sharpe(), 1e-9);
    assertEquals(mean / Math.sqrt(0.01 / 5) * Math.sqrt(stepsPerYear), m.sortino(), 1e-9);
    assertEquals(0.1, m.maxDrawdown(), 1e-12, "110 -> 99");
    assertEquals(2 * day, m.maxDrawdownDurationMs(), "peak at day 1 regained at day 3");
    assertEquals(m.annualReturn() / 0.1, m.calmar(), 1e-9);
    assertEquals(0.6, m.timeInMarket(), 1e-12);
  }

  @Test
  void aFlatCurveHasNoSharpeRatherThanAnInfiniteOne() {
    EquityCurve curve = new EquityCurve(3);
    for (int k = 0; k < 3; k++) {
      curve.record(k * Times.DAY_MS, Fixed.ofUnits(100), false);
    }
    PerformanceMetrics m = MetricsCalculator.compute(curve, Fixed.ofUnits(100), Attribution.of(portfolio));
    assertTrue(Double.isNaN(m.sharpe()) && Double.isNaN(m.sortino()) && Double.isNaN(m.calmar()));
    assertEquals(0, m.maxDrawdown());
  }
}
