package io.fundarb.engine.data;

import java.util.List;

/**
 * Reads CSV files into a {@link TimeSeriesTable}. Columns are found by header name when the
 * first line is a header, else by Binance's fixed positions. A row that cannot be parsed is an
 * error naming file, line and column, or, when lenient, a counted skip.
 */
final class CsvSeriesReader {
  private final Column time;
  private final List<Column> values;
  private final boolean lenient;
  private final BadRows badRows = new BadRows();

  CsvSeriesReader(Column time, List<Column> values, boolean lenient) {
    this.time = time;
    this.values = values;
    this.lenient = lenient;
  }

  TimeSeriesTable read(List<DataFile> files) {
    String[] names = values.stream().map(Column::name).toArray(String[]::new);
    TimeSeriesTable table = new TimeSeriesTable(names);
    for (DataFile file : files) {
      readFile(file, table);
    }
    table.finish(lenient);
    return table;
  }

  BadRows badRows() {
    return badRows;
  }

  private void readFile(DataFile file, TimeSeriesTable table) {
    CsvLine line = new CsvLine();
    long[] row = new long[values.size()];
    int[][] positions = {null};
    file.forEachLine(
        (text, number) -> {
          line.reset(text, number);
          if (line.isBlank()) {
            return;
          }
          if (positions[0] == null) {
            positions[0] = resolvePositions(file, line);
            if (isHeader(line)) {
              return;
            }
          }
          try {
            long t = parseCell(file, line, time, positions[0][0]);
            for (int c = 0; c < values.size(); c++) {
              int position = positions[0][c + 1];
              row[c] = position < 0 ? SeriesLoader.ABSENT : parseCell(file, line, values.get(c), position);
            }
            table.add(t, row, file.displayName(), number);
          } catch (DataFormatException e) {
            if (!lenient) {
              throw e.withHint("use --lenient to skip bad rows");
            }
            badRows.add(e);
          }
        });
  }

  private long parseCell(DataFile file, CsvLine line, Column column, int position) {
    if (position >= line.cells()) {
      throw new DataFormatException(
          file.displayName(), line.number(), column.name(),
          "row has " + line.cells() + " cells, column is missing");
    }
    try {
      return column.kind().parse(line, position);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new DataFormatException(file.displayName(), line.number(), column.name(), e.getMessage());
    }
  }

  private static boolean isHeader(CsvLine line) {
    String first = line.cell(0);
    return !first.isEmpty() && !Character.isDigit(first.charAt(0));
  }

  /** Cell index of the time column then each value column; -1 for absent optional columns. */
  private int[] resolvePositions(DataFile file, CsvLine first) {
    int[] positions = new int[values.size() + 1];
    boolean header = isHeader(first);
    positions[0] = header ? find(first, time) : time.position();
    for (int c = 0; c < values.size(); c++) {
      positions[c + 1] = header ? find(first, values.get(c)) : values.get(c).position();
    }
    for (int c = 0; c < positions.length; c++) {
      Column column = c == 0 ? time : values.get(c - 1);
      if (positions[c] < 0 && column.required()) {
        throw new DataFormatException(
            file.displayName(), first.number(), column.name(),
            header ? "missing required column (header is '" + first.text() + "')"
                : "file has no header and no known position for this column");
      }
    }
    return positions;
  }

  private static int find(CsvLine header, Column column) {
    for (int cell = 0; cell < header.cells(); cell++) {
      if (column.matches(header.cell(cell))) {
        return cell;
      }
    }
    return -1;
  }
}
