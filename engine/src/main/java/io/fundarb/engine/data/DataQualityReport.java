package io.fundarb.engine.data;

import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Quality findings for every series loaded, plus cross-series checks (alignment, basis). */
public record DataQualityReport(List<SeriesQuality> series, List<String> crossChecks) {
  public DataQualityReport {
    series = List.copyOf(series);
    crossChecks = List.copyOf(crossChecks);
  }

  public int issueCount() {
    return series.stream().mapToInt(SeriesQuality::issues).sum() + crossChecks.size();
  }

  /** One line: how many series, rows and findings. */
  public String summary() {
    int rows = series.stream().mapToInt(SeriesQuality::rows).sum();
    return String.format(Locale.ROOT, "data: %d series, %d rows, %d quality findings", series.size(), rows, issueCount());
  }

  /** A fixed-width table with one row per series, then the examples of each finding. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-42s %6s %-16s %-16s %4s %7s %5s %5s %5s %5s %5s%n",
        "series", "rows", "first", "last", "step", "missing", "dupes", "confl", "order", "bad", "odd"));
    for (SeriesQuality q : series) {
      out.append(String.format(Locale.ROOT, "%-42s %6d %-16s %-16s %4s %7d %5d %5d %5d %5d %5d%n",
          q.series(), q.rows(), q.rows() == 0 ? "-" : Times.format(q.first()), q.rows() == 0 ? "-" : Times.format(q.last()),
          q.intervalMs() == 0 ? "-" : Times.formatInterval(q.intervalMs()), q.missingRows(), q.identicalDuplicates(),
          q.conflictingDuplicates(), q.outOfOrder(), q.skippedBadRows(), q.outliers()));
    }
    List<String> details = new ArrayList<>();
    for (SeriesQuality q : series) {
      q.gapSamples().forEach(s -> details.add(q.series() + ": gap " + s));
      q.badRowSamples().forEach(s -> details.add(q.series() + ": skipped " + s));
      q.outlierSamples().forEach(s -> details.add(q.series() + ": outlier " + s));
    }
    crossChecks.forEach(details::add);
    if (!details.isEmpty()) {
      out.append(System.lineSeparator()).append("findings (first examples of each):").append(System.lineSeparator());
      details.forEach(d -> out.append("  ").append(d).append(System.lineSeparator()));
    }
    return out.toString();
  }
}
