package io.fundarb.engine.data;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;

/** How a CSV cell is parsed and validated. */
enum ColumnKind {
  /** Epoch milliseconds; microsecond stamps (Binance spot since 2025) are converted. */
  TIME {
    @Override
    long parse(CsvLine line, int cell) {
      long value = parseInteger(line, cell);
      if (value < 0) {
        throw new NumberFormatException("timestamp must not be negative");
      }
      return value >= MICROS_THRESHOLD ? value / 1000 : value;
    }
  },
  PRICE {
    @Override
    long parse(CsvLine line, int cell) {
      long value = Fixed.parse(line.text(), line.start(cell), line.end(cell));
      if (value <= 0) {
        throw new NumberFormatException("price must be positive, got " + line.cell(cell));
      }
      return value;
    }
  },
  AMOUNT {
    @Override
    long parse(CsvLine line, int cell) {
      long value = Fixed.parse(line.text(), line.start(cell), line.end(cell));
      if (value < 0) {
        throw new NumberFormatException("must not be negative, got " + line.cell(cell));
      }
      return value;
    }
  },
  /** A non-negative statistic kept as a double (its bits in the long column): feature input only. */
  DOUBLE_AMOUNT {
    @Override
    long parse(CsvLine line, int cell) {
      double value;
      try {
        value = Double.parseDouble(line.cell(cell));
      } catch (NumberFormatException e) {
        throw new NumberFormatException("not a decimal number: '" + line.cell(cell) + "'");
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new NumberFormatException("must be a non-negative number, got " + line.cell(cell));
      }
      return Double.doubleToLongBits(value);
    }
  },
  RATE {
    @Override
    long parse(CsvLine line, int cell) {
      return Rate.parse(line.text(), line.start(cell), line.end(cell));
    }
  },
  COUNT {
    @Override
    long parse(CsvLine line, int cell) {
      long value = parseInteger(line, cell);
      if (value < 0) {
        throw new NumberFormatException("count must not be negative");
      }
      return value;
    }
  },
  INDEX_0_100 {
    @Override
    long parse(CsvLine line, int cell) {
      long value = parseInteger(line, cell);
      if (value < 0 || value > 100) {
        throw new NumberFormatException("index must be within 0..100, got " + value);
      }
      return value;
    }
  };

  /** 10^14 ms is the year 5138: anything larger is a microsecond stamp. */
  private static final long MICROS_THRESHOLD = 100_000_000_000_000L;

  abstract long parse(CsvLine line, int cell);

  private static long parseInteger(CsvLine line, int cell) {
    String text = line.cell(cell);
    // Some sources write integral stamps as "1672531200000.0".
    if (text.endsWith(".0")) {
      text = text.substring(0, text.length() - 2);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("not an integer: '" + text + "'");
    }
  }
}
