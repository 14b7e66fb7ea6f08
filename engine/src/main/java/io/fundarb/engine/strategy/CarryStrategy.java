package io.fundarb.engine.strategy;

/**
 * Always-on cash-and-carry: long spot, short perp at full notional from the first step on.
 *
 * <p>Decision on negative funding (documented in docs/STRATEGIES.md): the position goes flat
 * while the trailing {@code window}-settlement average is negative, and never reverses. A single
 * negative print is normal noise and flipping on it costs more than it saves; a negative regime
 * is the one case where staying in pays the shorts' side. Reverse carry needs borrowed spot,
 * which the baseline leaves to the threshold and learned policies.
 */
public final class CarryStrategy implements Strategy {
  private final int window;

  public CarryStrategy(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least one settlement");
    }
    this.window = window;
  }

  @Override
  public double target(AssetView view) {
    return view.fundingSettlements() > 0 && view.fundingAverage(window) < 0 ? 0 : 1;
  }
}
