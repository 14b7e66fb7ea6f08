package io.fundarb.ops.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long job, with rate and ETA: on a terminal, one line redrawn in place (at most ten
 * times a second); when output is a file or pipe, a plain line every tenth of the work (or every
 * 30 s) once the job has run for {@value #QUIET_SECONDS} s, so logs stay readable and short jobs
 * stay silent.
 */
final class ProgressBar {
  static final long QUIET_SECONDS = 5;
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final long PLAIN_EVERY_NANOS = 30_000_000_000L;
  private final PrintWriter out;
  private final String label;
  private final String unit;
  private final long total;
  private final boolean interactive;
  private final LongSupplier nanos;
  private final long started;
  private long lastTenth = -1;
  private long lastPrintNanos = Long.MIN_VALUE / 2;
  private boolean drawn;

  ProgressBar(PrintWriter out, String label, String unit, long total) {
    this(out, label, unit, total, System.console() != null && !"dumb".equals(System.getenv("TERM")), System::nanoTime);
  }

  ProgressBar(PrintWriter out, String label, String unit, long total, boolean interactive, LongSupplier nanos) {
    this.out = out;
    this.label = label;
    this.unit = unit;
    this.total = Math.max(1, total);
    this.interactive = interactive;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
  }

  /** Reports {@code done} units finished, with a short metrics text (may be empty). */
  void update(long done, String metrics) {
    long now = nanos.getAsLong();
    double seconds = (now - started) / 1e9;
    double fraction = Math.min(1, done / (double) total);
    String rate = seconds > 0 ? String.format(Locale.ROOT, "%,.0f %s/s", done / seconds, unit) : "";
    String eta = done == 0 ? "?" : duration(seconds / done * (total - done));
    String extra = metrics.isEmpty() ? "" : " " + metrics;
    if (interactive) {
      if (now - lastPrintNanos < REDRAW_NANOS && done < total) {
        return;
      }
      lastPrintNanos = now;
      drawn = true;
      int filled = (int) Math.round(fraction * WIDTH);
      out.printf(Locale.ROOT, "\r%s %3.0f%% [%s%s] %,d/%,d %s%s ETA %s  ", label, fraction * 100, "#".repeat(filled),
          ".".repeat(WIDTH - filled), done, total, rate, extra, eta);
      out.flush();
      return;
    }
    long tenth = done * 10 / total;
    if (seconds < QUIET_SECONDS || tenth == lastTenth && now - lastPrintNanos < PLAIN_EVERY_NANOS) {
      return;
    }
    lastTenth = tenth;
    lastPrintNanos = now;
    out.printf(Locale.ROOT, "%s %3.0f%% %,d/%,d %s%s elapsed %s ETA %s%n", label, fraction * 100, done, total, rate,
        extra, duration(seconds), eta);
    out.flush();
  }

  void finish() {
    if (drawn) {
      out.println();
    }
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
