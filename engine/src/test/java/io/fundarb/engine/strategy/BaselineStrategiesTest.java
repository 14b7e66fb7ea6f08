package io.fundarb.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineStrategiesTest {
  @Test
  void carryIsOnFromTheStartAndFlatOnlyInANegativeRegime() {
    Strategy carry = new CarryStrategy(3);
    StubView view = new StubView();
    assertEquals(1, carry.target(view), "no funding seen yet: always-on");
    view.settle("0.0002", "-0.0001");
    assertEquals(1, carry.target(view), "one negative print does not turn it off");
    view.settle("-0.0002");
    assertEquals(0, carry.target(view), "trailing average of 3 is negative");
    view.settle("0.0004");
    assertEquals(1, carry.target(view), "back on once the trailing average is positive");
  }

  @Test
  void thresholdEntersAboveEntryAndLeavesBelowExitOnly() {
    Strategy threshold = new ThresholdStrategy(2, 0.0002, 0.00005, 21, false);
    StubView view = new StubView().settle("0.0003");
    assertEquals(0, threshold.target(view), "waits for a full window");
    view.settle("0.00005");
    assertEquals(0, threshold.target(view), "average 0.000175 below entry");
    view.settle("0.0003");
    assertEquals(0, threshold.target(view), "(0.00005 + 0.0003) / 2 = 0.000175 still below entry");
    view.settle("0.0002");
    assertEquals(1, threshold.target(view), "(0.0003 + 0.0002) / 2 = 0.00025 enters");
  }

  @Test
  void thresholdHysteresisHoldsBetweenTheThresholds() {
    Strategy threshold = new ThresholdStrategy(1, 0.0002, 0.00005, 21, false);
    StubView view = new StubView();
    assertEquals(1, threshold.target(view.settle("0.0002")));
    assertEquals(1, threshold.target(view.settle("0.0001")), "between exit and entry: stay in");
    assertEquals(0, threshold.target(view.settle("0.00004")), "below exit: leave");
    assertEquals(0, threshold.target(view.settle("0.0001")), "between thresholds: stay out");
    assertEquals(0, threshold.target(view.settle("-0.001")), "no reverse unless allowed");
  }

  @Test
  void autoEntryThresholdSpreadsRoundTripCostOverTheExpectedHold() {
    Strategy threshold = new ThresholdStrategy(1, Double.NaN, 0, 20, false);
    StubView view = new StubView();
    view.roundTripCost = 0.004; // needs 0.0002 per settlement over 20 settlements
    assertEquals(0, threshold.target(view.settle("0.00019")));
    assertEquals(1, threshold.target(view.settle("0.0002")));
  }

  @Test
  void reverseCarryMirrorsTheRuleWhenAllowed() {
    Strategy threshold = new ThresholdStrategy(1, 0.0002, 0.00005, 21, true);
    StubView view = new StubView();
    assertEquals(-1, threshold.target(view.settle("-0.0003")));
    assertEquals(-1, threshold.target(view.settle("-0.0001")));
    assertEquals(0, threshold.target(view.settle("0")));
    assertEquals(1, threshold.target(view.settle("0.0003")));
    assertEquals(-1, threshold.target(view.settle("-0.0003")), "straight from carry to reverse when far below");
  }

  @Test
  void factoriesAreFoundByNameAndValidateSettings() {
    assertEquals(java.util.List.of("carry", "flat", "threshold"), Strategies.names());
    StrategySettings bad = new StrategySettings(Map.of("window-settlements", "many"));
    var e = assertThrows(IllegalArgumentException.class, () -> Strategies.find("threshold").create(bad));
    assertEquals("strategy setting window-settlements must be an integer, got 'many'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Strategies.find("nope"));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdStrategy(3, 0.0001, 0.0002, 21, false));
  }
}
