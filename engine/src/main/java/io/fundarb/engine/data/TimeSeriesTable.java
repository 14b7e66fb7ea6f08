package io.fundarb.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of (time, values...) as read from one or more files, turned into a sorted, duplicate-free
 * table. Out-of-order rows are re-sorted and counted. A repeated timestamp with identical values
 * is collapsed and counted; with different values it is ambiguous, so it is an error naming
 * both lines unless the caller is lenient, in which case the first row wins and it is counted.
 */
final class TimeSeriesTable {
  private final String[] columns;
  private long[] time = new long[1024];
  private long[][] values;
  private String[] sources = new String[1024];
  private int[] lines = new int[1024];
  private int size;
  private int outOfOrder;
  private int identicalDuplicates;
  private int conflictingDuplicates;
  private final List<String> conflictSamples = new ArrayList<>();

  TimeSeriesTable(String... columns) {
    this.columns = columns;
    values = new long[columns.length][1024];
  }

  void add(long t, long[] row, String source, int line) {
    if (size == time.length) {
      int capacity = size * 2;
      time = Arrays.copyOf(time, capacity);
      sources = Arrays.copyOf(sources, capacity);
      lines = Arrays.copyOf(lines, capacity);
      for (int c = 0; c < values.length; c++) {
        values[c] = Arrays.copyOf(values[c], capacity);
      }
    }
    if (size > 0 && t < time[size - 1]) {
      outOfOrder++;
    }
    time[size] = t;
    for (int c = 0; c < values.length; c++) {
      values[c][size] = row[c];
    }
    sources[size] = source;
    lines[size] = line;
    size++;
  }

  /** Sorts and de-duplicates in place; afterwards {@link #size()} rows are clean. */
  void finish(boolean lenient) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (outOfOrder > 0) {
      Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b])); // stable: file order on ties
    }
    long[] newTime = new long[size];
    long[][] newValues = new long[values.length][size];
    String[] newSources = new String[size];
    int[] newLines = new int[size];
    int n = 0;
    for (int k = 0; k < size; k++) {
      int row = order[k];
      if (n > 0 && time[row] == newTime[n - 1]) {
        int differing = firstDifference(newValues, n - 1, row);
        if (differing < 0) {
          identicalDuplicates++;
          continue;
        }
        conflictingDuplicates++;
        String sample =
            describe(row) + " repeats the timestamp of " + newSources[n - 1] + " line " + newLines[n - 1]
                + " with a different '" + columns[differing] + "'";
        if (!lenient) {
          throw new DataFormatException(
              sources[row], lines[row], columns[differing],
              "duplicate timestamp " + time[row] + " with a different value than line " + newLines[n - 1]
                  + " (use --lenient to keep the first)");
        }
        if (conflictSamples.size() < 5) {
          conflictSamples.add(sample);
        }
        continue;
      }
      newTime[n] = time[row];
      for (int c = 0; c < values.length; c++) {
        newValues[c][n] = values[c][row];
      }
      newSources[n] = sources[row];
      newLines[n] = lines[row];
      n++;
    }
    time = Arrays.copyOf(newTime, n);
    for (int c = 0; c < values.length; c++) {
      newValues[c] = Arrays.copyOf(newValues[c], n);
    }
    values = newValues;
    sources = newSources;
    lines = newLines;
    size = n;
  }

  private int firstDifference(long[][] kept, int keptRow, int row) {
    for (int c = 0; c < values.length; c++) {
      if (kept[c][keptRow] != values[c][row]) {
        return c;
      }
    }
    return -1;
  }

  private String describe(int row) {
    return sources[row] + " line " + lines[row];
  }

  int size() {
    return size;
  }

  long[] time() {
    return time;
  }

  long[] column(int c) {
    return values[c];
  }

  String describeRow(int row) {
    return describe(row);
  }

  int outOfOrder() {
    return outOfOrder;
  }

  int identicalDuplicates() {
    return identicalDuplicates;
  }

  int conflictingDuplicates() {
    return conflictingDuplicates;
  }

  List<String> conflictSamples() {
    return conflictSamples;
  }
}
