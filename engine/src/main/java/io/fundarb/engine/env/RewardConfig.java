package io.fundarb.engine.env;

/**
 * Reward per step: {@code scale * (dPV / capital - volatilityPenalty * sigma(recent returns)
 * - drawdownPenalty * drawdown^2 - turnoverCost * traded / capital - leverageCost * gross leverage)},
 * minus {@code terminalPenalty} when a hard limit ends the episode. P&L (fees, slippage, funding
 * included) comes from the same ledger the backtester uses.
 *
 * @param volatilityWindow steps over which sigma of per-step returns is taken
 */
public record RewardConfig(
    double scale,
    double volatilityPenalty,
    int volatilityWindow,
    double drawdownPenalty,
    double turnoverCost,
    double leverageCost,
    double terminalPenalty) {
  public RewardConfig {
    if (scale <= 0 || volatilityWindow < 2) {
      throw new IllegalArgumentException("scale must be positive and the volatility window at least 2");
    }
    if (volatilityPenalty < 0 || drawdownPenalty < 0 || turnoverCost < 0 || leverageCost < 0 || terminalPenalty < 0) {
      throw new IllegalArgumentException("penalties must not be negative");
    }
  }

  /** Pure P&L: what the backtester measures. */
  public static RewardConfig pnlOnly() {
    return new RewardConfig(100, 0, 21, 0, 0, 0, 0);
  }
}
