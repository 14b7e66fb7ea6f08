package io.fundarb.engine.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.time.Times;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardFoldsTest {
  private static final long DAY = Times.DAY_MS;

  @Test
  void foldsRollByTheStepAndNeverLeakTestDataIntoTraining() {
    long from = Times.parse("2023-01-01");
    long to = Times.parse("2024-04-01");
    List<WalkForwardFolds.Fold> folds = WalkForwardFolds.of(from, to, 180 * DAY, 45 * DAY, 45 * DAY, 45 * DAY);
    assertEquals(5, folds.size());
    for (WalkForwardFolds.Fold f : folds) {
      assertEquals(from + f.index() * 45 * DAY, f.trainFrom());
      assertTrue(f.trainTo() <= f.validationFrom() && f.validationTo() <= f.testFrom(), f.toString());
      assertTrue(f.testTo() <= to, f.toString());
    }
    assertEquals(Times.parse("2024-03-26"), folds.get(4).testTo());
  }

  @Test
  void aRangeTooShortForOneFoldIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> WalkForwardFolds.of(0, 100 * DAY, 60 * DAY, 30 * DAY, 30 * DAY, 10 * DAY));
    assertTrue(e.getMessage().contains("no fold fits"), e.getMessage());
  }
}
