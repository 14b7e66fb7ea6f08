package io.fundarb.models.registry;

import java.util.Locale;

/**
 * Whether a retrained candidate replaces the current model: only if, on a hold-out period
 * neither was trained on, its Sharpe ratio beats the current one's by at least
 * {@code minSharpeGain} and its max drawdown is no worse than the current one's plus
 * {@code maxDrawdownSlack}. An undefined Sharpe (a flat curve) counts as the worst. Pure, so the
 * verdict and its reason are testable without training anything.
 */
public record PromotionRule(double minSharpeGain, double maxDrawdownSlack) {
  public PromotionRule {
    if (!(minSharpeGain >= 0) || !(maxDrawdownSlack >= 0)) {
      throw new IllegalArgumentException("promotion margins must not be negative");
    }
  }

  /** Hold-out figures of one model. */
  public record Score(double sharpe, double maxDrawdown) {}

  public record Verdict(boolean promote, String reason) {}

  public Verdict judge(Score candidate, Score current) {
    if (current == null) {
      return new Verdict(true, "no current model");
    }
    double cand = Double.isFinite(candidate.sharpe()) ? candidate.sharpe() : Double.NEGATIVE_INFINITY;
    double cur = Double.isFinite(current.sharpe()) ? current.sharpe() : Double.NEGATIVE_INFINITY;
    String figures = String.format(Locale.ROOT, "hold-out Sharpe %.2f vs %.2f, max drawdown %.2f%% vs %.2f%%",
        candidate.sharpe(), current.sharpe(), candidate.maxDrawdown() * 100, current.maxDrawdown() * 100);
    if (!(cand >= cur + minSharpeGain) || cand == Double.NEGATIVE_INFINITY) {
      return new Verdict(false, "kept the current model: Sharpe does not beat it by " + minSharpeGain + " (" + figures + ")");
    }
    if (candidate.maxDrawdown() > current.maxDrawdown() + maxDrawdownSlack) {
      return new Verdict(false, "kept the current model: drawdown is worse by more than " + maxDrawdownSlack + " ("
          + figures + ")");
    }
    return new Verdict(true, "candidate wins: " + figures);
  }
}
