package io.fundarb.engine.backtest;

import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling walk-forward windows: each fold trains on {@code train}, selects on the
 * {@code validation} window right after it and is reported only on the {@code test} window after
 * that; the next fold starts {@code step} later. Windows never overlap within a fold, and a fold
 * whose test window would pass the end of the data is not made.
 */
public final class WalkForwardFolds {
  private WalkForwardFolds() {}

  /** One fold's three consecutive windows, each [from, to). */
  public record Fold(int index, long trainFrom, long trainTo, long validationFrom, long validationTo, long testFrom,
      long testTo) {
    @Override
    public String toString() {
      return "fold " + index + ": train " + Times.format(trainFrom) + " .. " + Times.format(trainTo) + ", validation .. "
          + Times.format(validationTo) + ", test .. " + Times.format(testTo);
    }
  }

  public static List<Fold> of(long from, long to, long trainMs, long validationMs, long testMs, long stepMs) {
    if (trainMs <= 0 || validationMs <= 0 || testMs <= 0 || stepMs <= 0) {
      throw new IllegalArgumentException("window lengths and the step must be positive");
    }
    List<Fold> folds = new ArrayList<>();
    for (long start = from; start + trainMs + validationMs + testMs <= to; start += stepMs) {
      long trainTo = start + trainMs;
      long validationTo = trainTo + validationMs;
      folds.add(new Fold(folds.size(), start, trainTo, trainTo, validationTo, validationTo, validationTo + testMs));
    }
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("no fold fits between " + Times.format(from) + " and " + Times.format(to)
          + ": train + validation + test is longer than the range");
    }
    return folds;
  }
}
