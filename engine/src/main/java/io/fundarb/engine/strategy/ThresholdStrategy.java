package io.fundarb.engine.strategy;

/**
 * Funding-threshold rule with hysteresis: enter carry when the trailing average funding rate is
 * at least {@code entry} per settlement, leave when it falls below {@code exit}. With
 * {@code allowReverse}, the mirror rule enters reverse carry below {@code -entry}.
 *
 * <p>An entry threshold of {@link Double#NaN} means "auto": the round-trip cost of the position
 * spread over {@code holdSettlements} expected settlements, so an entry is only taken when the
 * expected funding pays for getting in and out.
 */
public final class ThresholdStrategy implements Strategy {
  private final int window;
  private final double entry;
  private final double exit;
  private final int holdSettlements;
  private final boolean allowReverse;
  private int direction;

  public ThresholdStrategy(int window, double entry, double exit, int holdSettlements, boolean allowReverse) {
    if (window < 1 || holdSettlements < 1) {
      throw new IllegalArgumentException("window and hold must be at least one settlement");
    }
    if (!Double.isNaN(entry) && entry < exit) {
      throw new IllegalArgumentException("entry threshold must not be below the exit threshold");
    }
    this.window = window;
    this.entry = entry;
    this.exit = exit;
    this.holdSettlements = holdSettlements;
    this.allowReverse = allowReverse;
  }

  @Override
  public double target(AssetView view) {
    if (view.fundingSettlements() < window) {
      return direction;
    }
    double average = view.fundingAverage(window);
    double enter = Double.isNaN(entry) ? Math.max(exit, view.roundTripCost() / holdSettlements) : entry;
    if (direction == 0) {
      if (average >= enter) {
        direction = 1;
      } else if (allowReverse && average <= -enter) {
        direction = -1;
      }
    } else if (direction == 1 && average < exit) {
      direction = allowReverse && average <= -enter ? -1 : 0;
    } else if (direction == -1 && average > -exit) {
      direction = average >= enter ? 1 : 0;
    }
    return direction;
  }
}
