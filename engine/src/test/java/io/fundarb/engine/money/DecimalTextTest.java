package io.fundarb.engine.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DecimalTextTest {
  @Test
  void parsesPublishedNumbersExactly() {
    assertEquals(1_654_177_000_000L, Fixed.parse("16541.77"));
    assertEquals(-1_488L, Fixed.parse("-1.488e-05"));
    assertEquals(691L, Fixed.parse("6.91e-06"));
    assertEquals(187_244_616_372_700L, Rate.parse("0.0001872446163727"));
    assertEquals(-23_695_193_397_500L, Rate.parse("-2.36951933975e-05"));
    assertEquals(Fixed.ONE, Fixed.parse("1.000000000000"));
    assertEquals(0, Fixed.parse("0"));
    assertEquals(150_000_000L, Fixed.parse("+1.5"));
  }

  @Test
  void refusesToRoundOrGuess() {
    assertTrue(assertThrows(NumberFormatException.class, () -> Fixed.parse("0.000000001"))
        .getMessage().contains("more than 8 decimal places"));
    for (String bad : new String[] {"", "NaN", "Infinity", "1.2.3", "12a", "-", ".", "1e", "1e+", "--1"}) {
      assertThrows(NumberFormatException.class, () -> Fixed.parse(bad), bad);
    }
    assertThrows(NumberFormatException.class, () -> Fixed.parse("999999999999999999999"));
  }

  @Property(tries = 500, seed = "7")
  void roundTripsThroughText(@ForAll @LongRange(min = -999_999_999_999_999L, max = 999_999_999_999_999L) long raw) {
    assertEquals(raw, Fixed.parse(Fixed.toString(raw)));
    assertEquals(Fixed.toBigDecimal(raw).compareTo(new BigDecimal(Fixed.toString(raw))), 0);
  }

  @Test
  void ratesFromDoublesAreQuantisedToNanoUnits() {
    assertEquals(Rate.parse("0.333333333"), Rate.ofDouble(1.0 / 3));
    assertEquals(Rate.ONE, Rate.ofDouble(1.0));
    assertThrows(ArithmeticException.class, () -> Rate.ofDouble(Double.NaN));
  }

  @Test
  void stepRoundingNeverInflatesQuantities() {
    long lot = Fixed.parse("0.001");
    assertEquals(Fixed.parse("1.234"), Fixed.truncateToStep(Fixed.parse("1.2349"), lot));
    assertEquals(Fixed.parse("-1.234"), Fixed.truncateToStep(Fixed.parse("-1.2349"), lot));
    assertEquals(Fixed.parse("-1.235"), Fixed.floorToStep(Fixed.parse("-1.2349"), lot));
    assertEquals(Fixed.parse("1.235"), Fixed.ceilToStep(Fixed.parse("1.2341"), lot));
  }

  @Test
  void divisionRoundsInTheRequestedDirectionForEitherSign() {
    assertEquals(Fixed.parse("0.33333334"), Fixed.div(Fixed.ONE, Fixed.ofUnits(3), java.math.RoundingMode.CEILING));
    assertEquals(Fixed.parse("-0.33333334"), Fixed.div(Fixed.ONE, -Fixed.ofUnits(3), java.math.RoundingMode.FLOOR));
    assertEquals(Fixed.parse("-0.33333333"), Fixed.div(-Fixed.ONE, Fixed.ofUnits(3), java.math.RoundingMode.CEILING));
  }
}
