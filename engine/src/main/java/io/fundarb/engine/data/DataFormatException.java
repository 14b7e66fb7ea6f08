package io.fundarb.engine.data;

/**
 * Bad user data: names the file, line and column so the user can fix it; the CLI prints the
 * message, never a stack trace. {@code line} is 1-based; 0 when the problem is the whole file.
 */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;
  private final String column;
  private final String problem;

  public DataFormatException(String source, int line, String column, String problem) {
    super(format(source, line, column, problem));
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** The same error with advice appended, e.g. how to skip such rows. */
  public DataFormatException withHint(String hint) {
    return new DataFormatException(source, line, column, problem + " (" + hint + ")");
  }

  private static String format(String source, int line, String column, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(" line ").append(line);
    }
    if (column != null) {
      sb.append(" column '").append(column).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public String column() {
    return column;
  }
}
