package io.fundarb.engine.money;

/**
 * Parses decimal text ("16541.77", "-1.488e-05", "0.0001872446163727") into a long scaled by a
 * power of ten, exactly and without allocation. Text with more precision than the scale can hold
 * is rejected rather than rounded: importing market data must never change a published number.
 */
final class DecimalText {
  private static final long[] POW10 = powersOfTen();

  private DecimalText() {}

  static long pow10(int n) {
    if (n < 0 || n >= POW10.length) {
      throw new ArithmeticException("10^" + n + " does not fit a long");
    }
    return POW10[n];
  }

  static long parse(CharSequence s, int from, int to, int scale) {
    int i = from;
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    int end = to;
    while (end > i && s.charAt(end - 1) == ' ') {
      end--;
    }
    if (i == end) {
      throw new NumberFormatException("empty number");
    }
    boolean negative = false;
    char first = s.charAt(i);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
    }
    long mantissa = 0;
    int fractionDigits = 0;
    int digits = 0;
    boolean seenPoint = false;
    try {
      for (; i < end; i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
          mantissa = Math.addExact(Math.multiplyExact(mantissa, 10), c - '0');
          digits++;
          if (seenPoint) {
            fractionDigits++;
          }
        } else if (c == '.' && !seenPoint) {
          seenPoint = true;
        } else if (c == 'e' || c == 'E') {
          break;
        } else {
          throw new NumberFormatException("not a decimal number: '" + s.subSequence(from, to) + "'");
        }
      }
    } catch (ArithmeticException e) {
      throw new NumberFormatException("too many digits: '" + s.subSequence(from, to) + "'");
    }
    if (digits == 0) {
      throw new NumberFormatException("not a decimal number: '" + s.subSequence(from, to) + "'");
    }
    int exponent = 0;
    if (i < end) {
      exponent = parseExponent(s, i + 1, end, from, to);
    }
    int shift = scale - fractionDigits + exponent;
    long value;
    if (shift >= 0) {
      try {
        value = Math.multiplyExact(mantissa, pow10(shift));
      } catch (ArithmeticException e) {
        throw new NumberFormatException("out of range: '" + s.subSequence(from, to) + "'");
      }
    } else {
      long divisor = -shift < POW10.length ? POW10[-shift] : Long.MAX_VALUE;
      if (mantissa % divisor != 0) {
        throw new NumberFormatException(
            "more than " + scale + " decimal places: '" + s.subSequence(from, to) + "'");
      }
      value = mantissa / divisor;
    }
    return negative ? -value : value;
  }

  private static int parseExponent(CharSequence s, int i, int end, int from, int to) {
    boolean negative = false;
    if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (i == end) {
      throw new NumberFormatException("bad exponent: '" + s.subSequence(from, to) + "'");
    }
    int exponent = 0;
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9' || exponent > 100) {
        throw new NumberFormatException("bad exponent: '" + s.subSequence(from, to) + "'");
      }
      exponent = exponent * 10 + (c - '0');
    }
    return negative ? -exponent : exponent;
  }

  private static long[] powersOfTen() {
    long[] p = new long[19];
    p[0] = 1;
    for (int k = 1; k < p.length; k++) {
      p[k] = p[k - 1] * 10;
    }
    return p;
  }
}
