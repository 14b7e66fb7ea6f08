package io.fundarb.ops.admin;

/** A token bucket for the mutating admin routes: {@code capacity} requests, refilled at {@code perSecond}. */
public final class TokenBucket {
  private final double capacity;
  private final double perSecond;
  private double tokens;
  private long last = System.nanoTime();

  public TokenBucket(int capacity, double perSecond) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
  }

  synchronized boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
