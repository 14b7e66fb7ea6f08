package io.fundarb.engine.exec;

/**
 * How long to wait before retrying a request the venue throttled (429) or failed (5xx):
 * exponential backoff from {@code baseMs}, capped at {@code maxMs}, but never shorter than the
 * venue's Retry-After when it sent one.
 */
public record RetryDelay(long baseMs, long maxMs, int maxAttempts) {
  public RetryDelay {
    if (baseMs <= 0 || maxMs < baseMs || maxAttempts < 1) {
      throw new IllegalArgumentException("need 0 < base <= max and at least one attempt");
    }
  }

  /** @param attempt 1 for the first retry; @param retryAfterMs the venue's Retry-After, 0 if none */
  public long delayMs(int attempt, long retryAfterMs) {
    long backoff = Math.min(maxMs, baseMs << Math.min(30, attempt - 1));
    return Math.max(backoff, retryAfterMs);
  }
}
