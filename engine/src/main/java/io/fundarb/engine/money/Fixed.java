package io.fundarb.engine.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The engine's one money discipline: every price, quantity, balance, fee and P&L amount is a
 * {@code long} holding the value times 10^8 (eight decimal places, like Binance's own API).
 *
 * <p>Why one global scale rather than one per instrument: sums across instruments and
 * currencies need no rescaling, and every USDT-quoted instrument on the supported venues has a
 * tick and lot size that are multiples of 10^-8. Instrument precision still matters, but as a
 * validation rule (tick and lot multiples), not as a storage format. Products and quotients go
 * through {@link MulDiv} with a 128-bit intermediate and an explicit {@link RoundingMode}; there
 * is no {@code double} anywhere in accounting. Rates (funding, fees, margin fractions) need more
 * digits and live in {@link Rate}.
 */
public final class Fixed {
  public static final int SCALE = 8;
  public static final long ONE = 100_000_000L;
  private static final long ROOT = 10_000L;

  private Fixed() {}

  /** Parses decimal text exactly; more than eight decimal places is an error, not a rounding. */
  public static long parse(CharSequence text) {
    return DecimalText.parse(text, 0, text.length(), SCALE);
  }

  /** Allocation-free parse of {@code text[from, to)}, used by the CSV readers. */
  public static long parse(CharSequence text, int from, int to) {
    return DecimalText.parse(text, from, to, SCALE);
  }

  public static long ofUnits(long units) {
    return Math.multiplyExact(units, ONE);
  }

  public static long of(BigDecimal value, RoundingMode mode) {
    return value.setScale(SCALE, mode).unscaledValue().longValueExact();
  }

  /** {@code a * b}, both fixed-point, rounded to eight places with {@code mode}. */
  public static long mul(long a, long b, RoundingMode mode) {
    return MulDiv.mulDivSquare(a, b, ROOT, ONE, mode);
  }

  /** {@code a / b}, both fixed-point, rounded to eight places with {@code mode}. */
  public static long div(long a, long b, RoundingMode mode) {
    if (b == 0) {
      throw new ArithmeticException("division by zero");
    }
    long q = MulDiv.scaleDivide(a, ROOT, ONE, Math.abs(b), b < 0 ? invert(mode) : mode);
    return b < 0 ? -q : q;
  }

  /** Largest multiple of {@code step} (positive) that is not greater than {@code value}. */
  public static long floorToStep(long value, long step) {
    return Math.floorDiv(value, step) * step;
  }

  /** Smallest multiple of {@code step} (positive) that is not less than {@code value}. */
  public static long ceilToStep(long value, long step) {
    return -Math.floorDiv(-value, step) * step;
  }

  /** Multiple of {@code step} nearest to zero: quantities are trimmed, never inflated. */
  public static long truncateToStep(long value, long step) {
    return value >= 0 ? floorToStep(value, step) : ceilToStep(value, step);
  }

  public static boolean isMultipleOf(long value, long step) {
    return value % step == 0;
  }

  public static BigDecimal toBigDecimal(long raw) {
    return BigDecimal.valueOf(raw, SCALE);
  }

  /** For features, statistics and display only; never feed the result back into accounting. */
  public static double toDouble(long raw) {
    return raw / (double) ONE;
  }

  /** Plain decimal text without trailing zeros ("16541.77", "0", "-0.5"). */
  public static String toString(long raw) {
    BigDecimal value = toBigDecimal(raw).stripTrailingZeros();
    return value.signum() == 0 ? "0" : value.toPlainString();
  }

  /** Rounding mode that gives the same result on the negated operand (FLOOR becomes CEILING). */
  static RoundingMode invert(RoundingMode mode) {
    return switch (mode) {
      case FLOOR -> RoundingMode.CEILING;
      case CEILING -> RoundingMode.FLOOR;
      default -> mode;
    };
  }
}
