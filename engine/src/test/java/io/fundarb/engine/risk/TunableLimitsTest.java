package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class TunableLimitsTest {
  private static final TunableLimits CONFIGURED = new TunableLimits(0.8, 0.6, 0.02);

  @Test
  void tightensAndRestoresButNeverExceedsTheConfiguredValue() {
    TunableLimits tight = CONFIGURED.with(TunableLimits.Name.MAX_POSITION, 0.0, CONFIGURED);
    assertEquals(0.0, tight.maxPosition());
    assertEquals(0.8, tight.with(TunableLimits.Name.MAX_POSITION, 0.8, CONFIGURED).maxPosition());
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> tight.with(TunableLimits.Name.MAX_PORTFOLIO, 0.61, CONFIGURED));
    assertTrue(above.getMessage().contains("max-portfolio must be in [0, 0.6]"), above.getMessage());
    assertThrows(IllegalArgumentException.class, () -> tight.with(TunableLimits.Name.MAX_DAILY_LOSS, 0, CONFIGURED));
    assertThrows(IllegalArgumentException.class, () -> tight.with(TunableLimits.Name.MAX_POSITION, Double.NaN, CONFIGURED));
  }

  @Test
  void namesParseFromTheirKeysAndUnknownOnesListTheChoices() {
    assertEquals(TunableLimits.Name.MAX_DAILY_LOSS, TunableLimits.Name.parse("max-daily-loss"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunableLimits.Name.parse("leverage"));
    assertTrue(e.getMessage().contains("[max-position, max-portfolio, max-daily-loss]"), e.getMessage());
  }

  @Property(tries = 300)
  void anAcceptedChangeStaysWithinZeroAndTheCeiling(@ForAll @DoubleRange(min = -1, max = 2) double value,
      @ForAll TunableLimits.Name name) {
    try {
      TunableLimits changed = CONFIGURED.with(name, value, CONFIGURED);
      assert changed.get(name) >= 0 && changed.get(name) <= CONFIGURED.get(name) : "within bounds";
      for (TunableLimits.Name other : TunableLimits.Name.values()) {
        assert other == name || changed.get(other) == CONFIGURED.get(other) : "others unchanged";
      }
    } catch (IllegalArgumentException refused) {
      assert value < 0 || value > CONFIGURED.get(name) || value == 0 && name == TunableLimits.Name.MAX_DAILY_LOSS;
    }
  }
}
