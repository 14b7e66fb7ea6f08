package io.fundarb.engine.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Epoch-millisecond helpers; all engine time is UTC epoch milliseconds. */
public final class Times {
  public static final long HOUR_MS = 3_600_000L;
  public static final long DAY_MS = 86_400_000L;
  public static final long YEAR_MS = 365L * DAY_MS;
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Times() {}

  /** "2023-01-01 08:00" (UTC). */
  public static String format(long epochMs) {
    return MINUTES.format(Instant.ofEpochMilli(epochMs));
  }

  public static String isoInstant(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  /** Parses "2023-01-01" (midnight UTC) or an ISO instant "2023-01-01T08:00:00Z". */
  public static long parse(String text) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid date '" + text + "': use 2023-01-01 or 2023-01-01T08:00:00Z", e);
    }
  }

  /** Parses an interval such as "1m", "15m", "1h", "8h", "1d" to milliseconds. */
  public static long parseInterval(String text) {
    if (text.length() < 2) {
      throw new IllegalArgumentException("invalid interval '" + text + "'");
    }
    char unit = text.charAt(text.length() - 1);
    long n;
    try {
      n = Long.parseLong(text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid interval '" + text + "'");
    }
    long unitMs =
        switch (unit) {
          case 's' -> 1000L;
          case 'm' -> 60_000L;
          case 'h' -> HOUR_MS;
          case 'd' -> DAY_MS;
          case 'w' -> 7 * DAY_MS;
          default -> throw new IllegalArgumentException("invalid interval '" + text + "'");
        };
    if (n <= 0) {
      throw new IllegalArgumentException("invalid interval '" + text + "'");
    }
    return n * unitMs;
  }

  /** Inverse of {@link #parseInterval}: 28_800_000 becomes "8h". */
  public static String formatInterval(long ms) {
    if (ms % DAY_MS == 0) {
      return ms / DAY_MS + "d";
    }
    if (ms % HOUR_MS == 0) {
      return ms / HOUR_MS + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    return ms / 1000 + "s";
  }
}
