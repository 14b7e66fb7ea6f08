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

  /**
   * {@code a * b / (base * base)}: the same result as {@link #mulDiv} for a divisor that is a
   * perfect square, computed without 128-bit division. Writing {@code a = a1*base + a0} and
   * {@code b = b1*base + b0}, the product over {@code base^2} is {@code a1*b1 + M1 + L/base^2}
   * with {@code M = a1*b0 + a0*b1 = M1*base + M0} and {@code L = M0*base + a0*b0}: every
   * partial product fits a long for the magnitudes money takes, and the only divisions are by
   * the constant {@code base}, which the JIT turns into multiplications. When a partial product
   * would overflow (amounts beyond ~10^9 units) it falls back to the general path.
   */
  static long mulDivSquare(long a, long b, long base, long squared, RoundingMode mode) {
    if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
      throw new ArithmeticException("operand out of range");
    }
    boolean negative = (a < 0) != (b < 0);
    long x = Math.abs(a);
    long y = Math.abs(b);
    long q;
    long r;
    long hi = Math.multiplyHigh(x, y);
    long lo = x * y;
    if (hi == 0 && lo >= 0) {
      q = lo / squared;
      r = lo - q * squared;
    } else if (x % base == 0 && Math.multiplyHigh(x / base, y) == 0 && (x / base) * y >= 0) {
      // Most prices and lots are whole multiples of base (four decimals or fewer): one product.
      long p = (x / base) * y;
      q = p / base;
      r = (p - q * base) * base;
    } else if (y % base == 0 && Math.multiplyHigh(x, y / base) == 0 && x * (y / base) >= 0) {
      long p = x * (y / base);
      q = p / base;
      r = (p - q * base) * base;
    } else {
      long x1 = x / base;
      long x0 = x - x1 * base;
      long y1 = y / base;
      long y0 = y - y1 * base;
      long high = x1 * y1;
      long left = x1 * y0;
      long right = x0 * y1;
      if (Math.multiplyHigh(x1, y1) != 0 || high < 0 || Math.multiplyHigh(x1, y0) != 0 || left < 0
          || Math.multiplyHigh(x0, y1) != 0 || right < 0 || left + right < 0) {
        return mulDiv(a, b, squared, mode); // magnitudes beyond money's range: the general path decides
      }
      long middle = left + right;
      long m1 = middle / base;
      long low = (middle - m1 * base) * base + x0 * y0;
      long carry = low / squared;
      r = low - carry * squared;
      q = Math.addExact(Math.addExact(high, m1), carry);
    }
    if (r != 0 && roundsAwayFromZero(q, r, squared, negative, mode)) {
      q = Math.addExact(q, 1);
    }
    return negative ? -q : q;
  }

  /**
   * {@code a * base^2 / d} by long division in two digits of {@code base}, avoiding 128-bit
   * division for the common case {@code d * base < 2^63}; otherwise the general path.
   */
  static long scaleDivide(long a, long base, long squared, long d, RoundingMode mode) {
    if (d <= 0) {
      throw new ArithmeticException("divisor must be positive: " + d);
    }
    if (a == Long.MIN_VALUE || d > Long.MAX_VALUE / base) {
      return mulDiv(a, squared, d, mode);
    }
    boolean negative = a < 0;
    long x = Math.abs(a);
    long q = x / d;
    long r = x - q * d;
    long step = r * base;
    long q1 = step / d;
    r = step - q1 * d;
    step = r * base;
    long q2 = step / d;
    r = step - q2 * d;
    if (q > (Long.MAX_VALUE - q1 * base - q2) / squared) {
      throw new ArithmeticException("fixed-point overflow: " + a + " * " + squared + " / " + d);
    }
    long result = q * squared + q1 * base + q2;
    if (r != 0 && roundsAwayFromZero(result, r, d, negative, mode)) {
      result = Math.addExact(result, 1);
    }
    return negative ? -result : result;
  }

  /** Exact {@code a / d} with explicit rounding; the divisor must be positive. */
  public static long divide(long a, long d, RoundingMode mode) {
    return mulDiv(a, 1, d, mode);
  }

  private static boolean roundsAwayFromZero(
      long q, long r, long d, boolean negative, RoundingMode mode) {
    long rest = d - r; // distance to the next multiple, compared with r to avoid 2r overflow
    if (mode == RoundingMode.HALF_EVEN) { // valuation's mode: decided without the enum switch
      return r > rest || (r == rest && (q & 1) == 1);
    }
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
