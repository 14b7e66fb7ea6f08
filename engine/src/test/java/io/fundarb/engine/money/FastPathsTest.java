package io.fundarb.engine.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free fast paths behind {@link Fixed#mul}, {@link Fixed#div}, {@link Rate#apply}
 * and {@link Rate#ratio} agree with BigDecimal for every rounding mode, across magnitudes from
 * dust to past the point where they hand over to the general 128-bit path.
 */
class FastPathsTest {
  @Provide
  Arbitrary<Long> magnitudes() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-1_000, 1_000),
        Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L),
        Arbitraries.longs().between(-10_000_000_000_000_000L, 10_000_000_000_000_000L),
        Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE));
  }

  private static BigInteger exact(long a, long b, long d, RoundingMode mode) {
    return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
        .divide(BigDecimal.valueOf(d), 0, mode).toBigIntegerExact();
  }

  private static void agree(BigInteger expected, java.util.function.LongSupplier actual) {
    if (expected.bitLength() < 64) {
      assertEquals(expected.longValueExact(), actual.getAsLong());
    } else {
      assertThrows(ArithmeticException.class, actual::getAsLong);
    }
  }

  @Property(tries = 4000, seed = "3")
  void fixedProductsAndQuotients(@ForAll("magnitudes") long a, @ForAll("magnitudes") long b, @ForAll RoundingMode mode) {
    agreeOnProductAndQuotient(a, b, Fixed.ONE, mode, Fixed::mul, Fixed::div);
  }

  @Property(tries = 4000, seed = "4")
  void rateApplicationAndRatios(@ForAll("magnitudes") long amount, @ForAll("magnitudes") long rate, @ForAll RoundingMode mode) {
    agreeOnProductAndQuotient(amount, rate, Rate.ONE, mode, Rate::apply, Rate::ratio);
  }

  /** The operation the engine uses, for one scale: {@code (a, b, mode) -> result}. */
  interface ScaledOp {
    long apply(long a, long b, RoundingMode mode);
  }

  private static void agreeOnProductAndQuotient(long a, long b, long scale, RoundingMode mode, ScaledOp product, ScaledOp quotient) {
    if (mode == RoundingMode.UNNECESSARY) {
      return;
    }
    agree(exact(a, b, scale, mode), () -> product.apply(a, b, mode));
    if (b != 0) {
      BigInteger expected = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(scale)))
          .divide(BigDecimal.valueOf(b), 0, mode).toBigIntegerExact();
      agree(expected, () -> quotient.apply(a, b, mode));
    }
  }

  @Test
  void typicalNotionalsTakeTheFastPathAndStayExact() {
    assertEquals(Fixed.parse("44986.4982"), Fixed.mul(Fixed.parse("1.071"), Fixed.parse("42004.20"), RoundingMode.UNNECESSARY));
    assertEquals(Fixed.parse("6.73364475"),
        Rate.apply(Fixed.parse("44890.965"), Rate.parse("0.00015"), RoundingMode.UNNECESSARY));
    assertEquals(Fixed.parse("1.07142857"), Fixed.div(Fixed.ofUnits(45_000), Fixed.ofUnits(42_000), RoundingMode.DOWN));
  }
}
