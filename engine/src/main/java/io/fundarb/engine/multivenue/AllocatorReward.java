package io.fundarb.engine.multivenue;

/**
 * The learned allocator's reward per step, in basis points of the capital ({@code scale} 1e4):
 * the portfolio's change in equity (funding, P&amp;L, fees, slippage and transfer fees all in it),
 * less {@code turnoverPenalty} per unit of allocation moved (the sum of the shares' absolute
 * changes: churn is a cost of its own, beyond the fees it pays), less {@code drawdownPenalty}
 * times any deepening of the drawdown.
 */
public record AllocatorReward(double scale, double turnoverPenalty, double drawdownPenalty) {
  public AllocatorReward {
    if (!(scale > 0) || !(turnoverPenalty >= 0) || !(drawdownPenalty >= 0)) {
      throw new IllegalArgumentException("reward scale must be positive and its penalties non-negative");
    }
  }

  /**
   * @param pnl change in equity over the step, as a fraction of capital
   * @param turnover sum of the shares' absolute changes at the step's decision
   * @param deeper increase of the drawdown over the step (0 if it did not deepen)
   */
  public double of(double pnl, double turnover, double deeper) {
    return scale * (pnl - turnoverPenalty * turnover - drawdownPenalty * deeper);
  }
}
