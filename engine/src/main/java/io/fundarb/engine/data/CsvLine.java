package io.fundarb.engine.data;

/**
 * One CSV line split into cells in place: cells are index ranges into the line, so parsing a
 * number never copies a substring. Quoting is not supported because no market-data source we
 * read quotes numeric cells.
 */
final class CsvLine {
  private String text = "";
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int count;
  private int number;

  void reset(String line, int lineNumber) {
    text = line;
    number = lineNumber;
    count = 0;
    int start = 0;
    int length = line.length();
    if (length > 0 && line.charAt(length - 1) == '\r') {
      length--;
    }
    for (int i = 0; i <= length; i++) {
      if (i == length || line.charAt(i) == ',') {
        if (count == starts.length) {
          starts = java.util.Arrays.copyOf(starts, count * 2);
          ends = java.util.Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = i;
        count++;
        start = i + 1;
      }
    }
  }

  int cells() {
    return count;
  }

  int number() {
    return number;
  }

  String text() {
    return text;
  }

  int start(int cell) {
    return starts[cell];
  }

  int end(int cell) {
    return ends[cell];
  }

  String cell(int cell) {
    return text.substring(starts[cell], ends[cell]).trim();
  }

  boolean isBlank() {
    return text.isBlank();
  }
}
