package io.fundarb.engine.money;

import java.math.RoundingMode;

/**
 * Exact {@code a * b / d} on longs with a 128-bit intermediate and an explicit rounding mode.
 *
 * <p>This is the one arithmetic primitive behind every fixed-point product and quotient in the
 * engine. It never allocates, so the backtest hot loop can price, fee and fund positions
 * without boxing, and it never loses a digit silently: a result that does not fit a long is an
 * {@link ArithmeticException}.
 */
public final class MulDiv {
  private static final long HALF_WORD = 1L << 32;
  private static final long LOW_MASK = 0xFFFF_FFFFL;

  private MulDiv() {}

  /**
   * Returns {@code a * b / d} rounded with {@code mode}.
   *
   * @param d a positive divisor
   * @throws ArithmeticException if the result does not fit a long, an operand is
   *     {@link Long#MIN_VALUE}, or {@code mode} is UNNECESSARY and rounding is needed
   */
  public static long mulDiv(long a, long b, long d, RoundingMode mode) {
    if (d <= 0) {
      throw new ArithmeticException("divisor must be positive: " + d);
    }
    if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
      throw new ArithmeticException("operand out of range");
    }
    boolean negative = (a < 0) != (b < 0);
    long x = Math.abs(a);
    long y = Math.abs(b);
    long hi = Math.multiplyHigh(x, y);
    long lo = x * y;
    long q;
    if (hi == 0 && lo >= 0) {
      q = lo / d;
    } else {
      if (Long.compareUnsigned(hi, d) >= 0) {
        throw new ArithmeticException("fixed-point overflow: " + a + " * " + b + " / " + d);
      }
      q = divide128(hi, lo, d);
      if (q < 0) {
        throw new ArithmeticException("fixed-point overflow: " + a + " * " + b + " / " + d);
      }
    }
    long r = lo - q * d; // true remainder (< d) fits in the low word even when the product did not
    if (r != 0 && roundsAwayFromZero(q, r, d, negative, mode)) {
      q = Math.addExact(q, 1);
    }
    return negative ? -q : q;
  }

  /** Exact {@code a / d} with explicit rounding; the divisor must be positive. */
  public static long divide(long a, long d, RoundingMode mode) {
    return mulDiv(a, 1, d, mode);
  }

  private static boolean roundsAwayFromZero(
      long q, long r, long d, boolean negative, RoundingMode mode) {
    long rest = d - r; // distance to the next multiple, compared with r to avoid 2r overflow
    return switch (mode) {
      case DOWN -> false;
      case UP -> true;
      case FLOOR -> negative;
      case CEILING -> !negative;
      case HALF_UP -> r >= rest;
      case HALF_DOWN -> r > rest;
      case HALF_EVEN -> r > rest || (r == rest && (q & 1) == 1);
      case UNNECESSARY -> throw new ArithmeticException("rounding necessary");
    };
  }

  /**
   * Unsigned 128/64 division (Knuth D on 32-bit digits, as in Hacker's Delight "divlu"); the
   * caller guarantees {@code hi < d} so the quotient fits 64 bits.
   */
  private static long divide128(long hi, long lo, long d) {
    int shift = Long.numberOfLeadingZeros(d);
    long v = d << shift;
    long vn1 = v >>> 32;
    long vn0 = v & LOW_MASK;
    long un32 = shift == 0 ? hi : (hi << shift) | (lo >>> (64 - shift));
    long un10 = lo << shift;
    long un1 = un10 >>> 32;
    long un0 = un10 & LOW_MASK;

    long q1 = Long.divideUnsigned(un32, vn1);
    long rhat = Long.remainderUnsigned(un32, vn1);
    while (Long.compareUnsigned(q1, HALF_WORD) >= 0
        || Long.compareUnsigned(q1 * vn0, (rhat << 32) + un1) > 0) {
      q1--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, HALF_WORD) >= 0) {
        break;
      }
    }
    long un21 = (un32 << 32) + un1 - q1 * v;
    long q0 = Long.divideUnsigned(un21, vn1);
    rhat = Long.remainderUnsigned(un21, vn1);
    while (Long.compareUnsigned(q0, HALF_WORD) >= 0
        || Long.compareUnsigned(q0 * vn0, (rhat << 32) + un0) > 0) {
      q0--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, HALF_WORD) >= 0) {
        break;
      }
    }
    return (q1 << 32) + q0;
  }
}
