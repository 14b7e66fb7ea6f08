package io.fundarb.engine.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MulDivTest {
  /** Operands whose exact result fits a long, including 128-bit intermediates. */
  @Provide
  Arbitrary<long[]> fitting() {
    Arbitrary<Long> any = Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE);
    Arbitrary<Long> divisor = Arbitraries.oneOf(
        Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.of(1L, 10L, 100_000_000L, 1_000_000_000_000_000_000L, Long.MAX_VALUE));
    return Combinators.combine(any, any, divisor).as((a, b, d) -> new long[] {a, b, d})
        .filter(t -> reference(t[0], t[1], t[2], RoundingMode.DOWN).bitLength() < 63);
  }

  @Property(tries = 3000, seed = "42")
  boolean agreesWithBigDecimalForEveryRoundingMode(@ForAll("fitting") long[] t, @ForAll RoundingMode mode) {
    BigInteger expected;
    try {
      expected = reference(t[0], t[1], t[2], mode);
    } catch (ArithmeticException unnecessary) {
      try {
        MulDiv.mulDiv(t[0], t[1], t[2], mode);
        return false;
      } catch (ArithmeticException e) {
        return true;
      }
    }
    if (expected.bitLength() >= 64) {
      return true; // rounding pushed it past a long; covered by the overflow test
    }
    return MulDiv.mulDiv(t[0], t[1], t[2], mode) == expected.longValueExact();
  }

  private static BigInteger reference(long a, long b, long d, RoundingMode mode) {
    return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
        .divide(BigDecimal.valueOf(d), 0, mode)
        .toBigIntegerExact();
  }

  @Test
  void productsBeyondSixtyFourBitsStayExact() {
    // 70,000 USDT * 1,000 BTC at 10^-8 scale: the raw product is 7e31, far past a long.
    long price = Fixed.ofUnits(70_000);
    long quantity = Fixed.ofUnits(1_000);
    assertEquals(Fixed.ofUnits(70_000_000), Fixed.mul(price, quantity, RoundingMode.UNNECESSARY));
  }

  @Test
  void halfEvenRoundsTiesToEven() {
    assertEquals(2, MulDiv.mulDiv(5, 1, 2, RoundingMode.HALF_EVEN));
    assertEquals(4, MulDiv.mulDiv(7, 1, 2, RoundingMode.HALF_EVEN));
    assertEquals(-2, MulDiv.mulDiv(-5, 1, 2, RoundingMode.HALF_EVEN));
    assertEquals(3, MulDiv.mulDiv(5, 1, 2, RoundingMode.HALF_UP));
    assertEquals(-3, MulDiv.mulDiv(-5, 1, 2, RoundingMode.FLOOR));
    assertEquals(-2, MulDiv.mulDiv(-5, 1, 2, RoundingMode.CEILING));
  }

  @Test
  void overflowIsAnErrorNotAWrap() {
    assertThrows(ArithmeticException.class, () -> MulDiv.mulDiv(Long.MAX_VALUE, 2, 1, RoundingMode.DOWN));
    assertThrows(ArithmeticException.class, () -> MulDiv.mulDiv(1, 1, 0, RoundingMode.DOWN));
    assertThrows(ArithmeticException.class, () -> MulDiv.mulDiv(Long.MIN_VALUE, 1, 1, RoundingMode.DOWN));
    assertThrows(ArithmeticException.class, () -> MulDiv.mulDiv(1, 1, 3, RoundingMode.UNNECESSARY));
  }
}
