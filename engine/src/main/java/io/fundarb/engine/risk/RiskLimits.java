package io.fundarb.engine.risk;

/**
 * The hard limits of docs/RISK.md. Ratios are hedge ratios (fractions of an asset's max
 * notional); losses are fractions of the relevant notional or equity.
 *
 * @param maxPositionRatio largest |hedge ratio| per asset
 * @param maxPortfolioRatio largest sum of |hedge ratio| x max notional over all assets, as a
 *     fraction of the sum of max notionals
 * @param maxDailyLoss loss since the UTC day's start, as a fraction of that day's opening equity
 * @param stopLoss loss of the open round trip, as a fraction of the asset's max notional
 * @param stopCooldownMs no re-entry for this long after a stop-loss exit
 * @param maxLosingStreak this many losing round trips in a row halts new entries
 * @param sharpMove spot move (fraction) that halts new entries ...
 * @param sharpMoveWindowMs ... when it happens within this window
 * @param maxMarginRatio maintenance margin over margin balance above which the position is reduced
 * @param marginReduceStep share of the position cut per decision while the margin ratio is high
 * @param baseLeverage leverage allowed in any regime (starts here)
 * @param maxLeverage the most leverage allowed when volatility is calm (at most 3)
 * @param calmVolatility annualised spot volatility at or below which leverage may rise
 * @param configuredLeverage the leverage positions are sized with (sizing.leverage)
 */
public record RiskLimits(
    double maxPositionRatio,
    double maxPortfolioRatio,
    double maxDailyLoss,
    double stopLoss,
    long stopCooldownMs,
    int maxLosingStreak,
    double sharpMove,
    long sharpMoveWindowMs,
    double maxMarginRatio,
    double marginReduceStep,
    int baseLeverage,
    int maxLeverage,
    double calmVolatility,
    int configuredLeverage) {
  /** The hard ceiling on leverage: a carry trade never needs more. */
  public static final int LEVERAGE_CEILING = 3;

  public RiskLimits {
    requireFraction("max-position", maxPositionRatio, false);
    requireFraction("max-portfolio", maxPortfolioRatio, false);
    requireFraction("max-daily-loss", maxDailyLoss, false);
    requireFraction("stop-loss", stopLoss, false);
    requireFraction("sharp-move", sharpMove, false);
    requireFraction("margin-reduce-step", marginReduceStep, false);
    if (!(maxMarginRatio > 0 && maxMarginRatio < 1)) {
      throw new IllegalArgumentException("risk.max-margin-ratio must be in (0, 1), got " + maxMarginRatio);
    }
    if (stopCooldownMs < 0 || sharpMoveWindowMs <= 0) {
      throw new IllegalArgumentException("risk: stop cool-down must be >= 0 and the sharp-move window > 0");
    }
    if (maxLosingStreak < 1) {
      throw new IllegalArgumentException("risk.max-losing-streak must be >= 1, got " + maxLosingStreak);
    }
    if (baseLeverage < 1 || maxLeverage < baseLeverage || maxLeverage > LEVERAGE_CEILING) {
      throw new IllegalArgumentException("risk leverage: need 1 <= base (" + baseLeverage + ") <= max ("
          + maxLeverage + ") <= " + LEVERAGE_CEILING);
    }
    if (configuredLeverage < 1 || configuredLeverage > LEVERAGE_CEILING) {
      throw new IllegalArgumentException("sizing.leverage must be in 1.." + LEVERAGE_CEILING + " for trading, got "
          + configuredLeverage);
    }
    if (!(calmVolatility > 0)) {
      throw new IllegalArgumentException("risk.calm-volatility must be > 0, got " + calmVolatility);
    }
  }

  private static void requireFraction(String name, double value, boolean zeroAllowed) {
    if (!(value <= 1) || !(zeroAllowed ? value >= 0 : value > 0)) {
      throw new IllegalArgumentException("risk." + name + " must be in (0, 1], got " + value);
    }
  }

  /** The defaults of conf/reference.conf, for tests and embedded use. */
  public static RiskLimits defaults(int configuredLeverage) {
    return new RiskLimits(1.0, 1.0, 0.02, 0.05, 24 * 3_600_000L, 5, 0.15, 3_600_000L, 0.5, 0.5, 1, 3, 0.60,
        configuredLeverage);
  }

  public RiskLimits withConfiguredLeverage(int leverage) {
    return new RiskLimits(maxPositionRatio, maxPortfolioRatio, maxDailyLoss, stopLoss, stopCooldownMs,
        maxLosingStreak, sharpMove, sharpMoveWindowMs, maxMarginRatio, marginReduceStep, baseLeverage, maxLeverage,
        calmVolatility, leverage);
  }

  /**
   * Largest |hedge ratio| the leverage cap allows at this volatility: positions are sized with
   * the configured leverage L, so a hedge at leverage l uses the share (l/(l+1)) / (L/(L+1)) of
   * the notional L would allow. Calm markets allow the max leverage, others the base.
   */
  public double leverageCapRatio(double annualisedVolatility) {
    int allowed = annualisedVolatility <= calmVolatility ? maxLeverage : baseLeverage;
    if (allowed >= configuredLeverage) {
      return 1;
    }
    double share = allowed / (allowed + 1.0);
    double configured = configuredLeverage / (configuredLeverage + 1.0);
    return share / configured;
  }
}
