package io.fundarb.engine.data;

/** The data directory lacks what a command needs; the message says how to get it. */
public final class DataNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataNotFoundException(String message) {
    super(message);
  }
}
