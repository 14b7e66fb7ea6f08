package io.fundarb.engine.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A dimensionless fraction (funding rate, fee rate, margin fraction, hedge ratio) held as a
 * {@code long} times 10^18. Funding rates are published with up to 16 decimals
 * ("0.0001872446163727"), which the eight places of {@link Fixed} cannot hold; eighteen places
 * keep every published rate exact. Applying a rate to an amount rounds once, explicitly.
 */
public final class Rate {
  public static final int SCALE = 18;
  public static final long ONE = 1_000_000_000_000_000_000L;
  private static final long ROOT = 1_000_000_000L;
  private static final long ONE_BPS = ONE / 10_000;
  /** Doubles (model outputs) are quantised to 10^-9 before they become exact. */
  private static final long DOUBLE_QUANTUM = ONE / 1_000_000_000L;

  private Rate() {}

  public static long parse(CharSequence text) {
    return DecimalText.parse(text, 0, text.length(), SCALE);
  }

  public static long parse(CharSequence text, int from, int to) {
    return DecimalText.parse(text, from, to, SCALE);
  }

  public static long ofBps(long bps) {
    return Math.multiplyExact(bps, ONE_BPS);
  }

  /** Basis points given as decimal text ("2.5" = 0.025 %). */
  public static long ofBps(String bps) {
    return DecimalText.parse(bps, 0, bps.length(), SCALE - 4);
  }

  public static long of(BigDecimal value) {
    return value.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  /**
   * Exact rate from a model output or statistic, quantised to 10^-9 (HALF_EVEN). This is the
   * single doorway from floating point into exact sizing.
   */
  public static long ofDouble(double value) {
    if (!Double.isFinite(value)) {
      throw new ArithmeticException("rate is not finite: " + value);
    }
    return Math.multiplyExact(Math.round(value * 1e9), DOUBLE_QUANTUM);
  }

  /** {@code amount * rate}: amount is {@link Fixed}, the result is {@link Fixed}. */
  public static long apply(long amount, long rate, RoundingMode mode) {
    if (rate == ONE) {
      return amount;
    }
    return MulDiv.mulDivSquare(amount, rate, ROOT, ONE, mode);
  }

  /** {@code a * b} for two rates. */
  public static long times(long a, long b, RoundingMode mode) {
    return MulDiv.mulDivSquare(a, b, ROOT, ONE, mode);
  }

  /** {@code amount / rate}: the amount that, multiplied by rate, gives {@code amount}. */
  public static long divide(long amount, long rate, RoundingMode mode) {
    if (rate <= 0) {
      throw new ArithmeticException("rate must be positive: " + rate);
    }
    return MulDiv.scaleDivide(amount, ROOT, ONE, rate, mode);
  }

  /** {@code a / b} for two fixed amounts, as a rate (e.g. a margin ratio). */
  public static long ratio(long a, long b, RoundingMode mode) {
    if (b == 0) {
      throw new ArithmeticException("division by zero");
    }
    long q = MulDiv.scaleDivide(a, ROOT, ONE, Math.abs(b), b < 0 ? Fixed.invert(mode) : mode);
    return b < 0 ? -q : q;
  }

  public static double toDouble(long rate) {
    return rate / (double) ONE;
  }

  public static BigDecimal toBigDecimal(long rate) {
    return BigDecimal.valueOf(rate, SCALE);
  }

  public static String toString(long rate) {
    BigDecimal value = toBigDecimal(rate).stripTrailingZeros();
    return value.signum() == 0 ? "0" : value.toPlainString();
  }
}
