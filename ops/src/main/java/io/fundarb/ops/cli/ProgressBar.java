package io.fundarb.ops.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long job: on a terminal, one line redrawn in place with a bar, rate and ETA; when
 * output is a file or pipe, a plain line every tenth of the work (or every 30 s), so logs stay
 * readable.
 */
final class ProgressBar {
  private static final int WIDTH = 24;
  private final PrintWriter out;
  private final String label;
  private final long total;
  private final boolean interactive;
  private final long started = System.nanoTime();
  private long lastPrinted = -1;
  private long lastPrintNanos;

  ProgressBar(PrintWriter out, String label, long total) {
    this(out, label, total, System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  ProgressBar(PrintWriter out, String label, long total, boolean interactive) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.interactive = interactive;
  }

  /** Reports {@code done} units finished, with a short metrics text. */
  void update(long done, String metrics) {
    double seconds = (System.nanoTime() - started) / 1e9;
    double fraction = Math.min(1, done / (double) total);
    String eta = done == 0 ? "?" : duration(seconds / done * (total - done));
    if (interactive) {
      int filled = (int) Math.round(fraction * WIDTH);
      out.printf(Locale.ROOT, "\r%s %3.0f%% [%s%s] %d/%d %s ETA %s  ", label, fraction * 100, "#".repeat(filled),
          ".".repeat(WIDTH - filled), done, total, metrics, eta);
      out.flush();
      return;
    }
    long tenth = done * 10 / total;
    long now = System.nanoTime();
    if (tenth != lastPrinted || now - lastPrintNanos > 30_000_000_000L || done == total) {
      lastPrinted = tenth;
      lastPrintNanos = now;
      out.printf(Locale.ROOT, "%s %3.0f%% %d/%d %s elapsed %s ETA %s%n", label, fraction * 100, done, total, metrics,
          duration(seconds), eta);
      out.flush();
    }
  }

  void finish() {
    if (interactive) {
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
