package io.fundarb.engine.backtest;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.time.Times;

/** Computes {@link PerformanceMetrics} from an equity curve and the attribution of the account(s) behind it. */
public final class MetricsCalculator {
  private MetricsCalculator() {}

  public static PerformanceMetrics compute(EquityCurve curve, long initialEquity, Attribution attribution) {
    int n = curve.size();
    if (n == 0) {
      throw new IllegalArgumentException("no steps were replayed");
    }
    long start = curve.time(0);
    long end = curve.time(n - 1);
    double years = Math.max(end - start, 1) / (double) Times.YEAR_MS;
    double stepsPerYear = n > 1 ? (n - 1) / years : Double.NaN;

    double sum = 0;
    double sumSq = 0;
    double downSq = 0;
    double previous = Fixed.toDouble(initialEquity);
    long peak = initialEquity;
    long peakTime = start;
    boolean underwater = false;
    double maxDrawdown = 0;
    long maxDuration = 0;
    int inMarket = 0;
    double equitySum = 0;
    for (int k = 0; k < n; k++) {
      long e = curve.equity(k);
      double value = Fixed.toDouble(e);
      double r = previous == 0 ? 0 : value / previous - 1;
      previous = value;
      sum += r;
      sumSq += r * r;
      if (r < 0) {
        downSq += r * r;
      }
      if (e >= peak) {
        if (underwater) {
          maxDuration = Math.max(maxDuration, curve.time(k) - peakTime);
          underwater = false;
        }
        peak = e;
        peakTime = curve.time(k);
      } else {
        underwater = true;
        maxDrawdown = Math.max(maxDrawdown, (Fixed.toDouble(peak) - value) / Fixed.toDouble(peak));
      }
      if (curve.inMarket(k)) {
        inMarket++;
      }
      equitySum += value;
    }
    if (underwater) {
      maxDuration = Math.max(maxDuration, end - peakTime);
    }
    double mean = sum / n;
    double variance = Math.max(0, sumSq / n - mean * mean);
    double std = Math.sqrt(variance);
    double downside = Math.sqrt(downSq / n);
    double totalReturn = Fixed.toDouble(curve.equity(n - 1)) / Fixed.toDouble(initialEquity) - 1;
    double annualReturn = StrictMath.pow(1 + totalReturn, 1 / years) - 1;
    return new PerformanceMetrics(
        start,
        end,
        n,
        initialEquity,
        curve.equity(n - 1),
        totalReturn,
        annualReturn,
        std * Math.sqrt(stepsPerYear),
        std > 0 ? mean / std * Math.sqrt(stepsPerYear) : Double.NaN,
        downside > 0 ? mean / downside * Math.sqrt(stepsPerYear) : Double.NaN,
        maxDrawdown,
        maxDuration,
        maxDrawdown > 0 ? annualReturn / maxDrawdown : Double.NaN,
        attribution.fundingEarned(),
        attribution.feesPaid(),
        attribution.slippagePaid(),
        attribution.borrowInterest(),
        attribution.liquidationFees(),
        Fixed.toDouble(attribution.tradedNotional()) / (equitySum / n) / years,
        inMarket / (double) n,
        attribution.roundTrips(),
        attribution.liquidations(),
        attribution.fills(),
        attribution.rejections());
  }
}
