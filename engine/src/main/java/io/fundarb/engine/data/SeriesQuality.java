package io.fundarb.engine.data;

import java.util.List;

/**
 * What was found in one imported series. Nothing here was dropped silently: identical
 * duplicates were collapsed, out-of-order rows re-sorted, and bad rows skipped only under
 * {@code --lenient}; each is counted, with the first few examples.
 */
public record SeriesQuality(
    String source,
    String series,
    int rows,
    long first,
    long last,
    long intervalMs,
    long missingRows,
    List<String> gapSamples,
    int identicalDuplicates,
    int conflictingDuplicates,
    int outOfOrder,
    int skippedBadRows,
    List<String> badRowSamples,
    int outliers,
    List<String> outlierSamples) {

  public SeriesQuality {
    gapSamples = List.copyOf(gapSamples);
    badRowSamples = List.copyOf(badRowSamples);
    outlierSamples = List.copyOf(outlierSamples);
  }

  public int issues() {
    return (missingRows > 0 ? 1 : 0)
        + identicalDuplicates
        + conflictingDuplicates
        + outOfOrder
        + skippedBadRows
        + outliers;
  }
}
