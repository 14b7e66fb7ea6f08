package io.fundarb.ops.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/** Checks a Prometheus text exposition (format 0.0.4) line by line. */
final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile(
      "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
          + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");

  private PrometheusText() {
  }

  static void assertValid(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.isEmpty()) {
        continue;
      }
      assertTrue(SAMPLE.matcher(line).matches(), "not a Prometheus sample line: " + line);
    }
  }

  /** The value of the sample {@code series} (name with its labels, as exposed), or NaN when absent. */
  static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]);
      }
    }
    return Double.NaN;
  }
}
