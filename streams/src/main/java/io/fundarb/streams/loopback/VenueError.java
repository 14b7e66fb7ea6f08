package io.fundarb.streams.loopback;

/**
 * A request the venue refuses, with Binance's HTTP status, error code and message, e.g. 400
 * -1022 "Signature for this request is not valid." or 400 -2010 "Account has insufficient
 * balance for requested action.".
 */
public final class VenueError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final int code;
  /** Seconds for a Retry-After header (429), 0 for none. */
  final int retryAfter;

  VenueError(int status, int code, String message) {
    this(status, code, message, 0);
  }

  VenueError(int status, int code, String message, int retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  static VenueError badRequest(int code, String message) {
    return new VenueError(400, code, message);
  }
}
