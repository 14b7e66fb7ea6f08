package io.fundarb.ops.alert;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A stream that restarts {@code restarts} times within {@code windowMs} is in a restart storm:
 * reconnecting with backoff is normal, a venue that keeps dropping us is not.
 */
public final class RestartStorm {
  private final int restarts;
  private final long windowMs;
  private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();

  public RestartStorm(int restarts, long windowMs) {
    if (restarts < 1 || windowMs <= 0) {
      throw new IllegalArgumentException("alerts.restart-storm: restarts must be >= 1 and the window > 0");
    }
    this.restarts = restarts;
    this.windowMs = windowMs;
  }

  public int restarts() {
    return restarts;
  }

  public long windowMs() {
    return windowMs;
  }

  /** Records a restart of {@code stream}; true when it makes the count within the window reach the threshold. */
  public synchronized boolean onRestart(String stream, long nowMs) {
    ArrayDeque<Long> times = recent.computeIfAbsent(stream, s -> new ArrayDeque<>());
    while (!times.isEmpty() && nowMs - times.peekFirst() >= windowMs) {
      times.pollFirst();
    }
    times.addLast(nowMs);
    return times.size() == restarts;
  }
}
