package io.fundarb.ops.alert;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which alerts go out: a repeat of an alert (same kind and subject) within the de-dup
 * window is suppressed and counted, and reported with the next one that goes out; beyond
 * {@code maxPerMinute} sent alerts a minute, non-critical alerts are dropped (counted), so that a
 * storm cannot flood the receiver, while a kill switch or a journal failure always goes out.
 */
public final class AlertGate {
  public enum Outcome { SEND, DUPLICATE, RATE_LIMITED }

  /** @param repeats suppressed duplicates of this alert since the last one that was sent */
  public record Admission(Outcome outcome, long repeats) {}

  private static final long MINUTE_MS = 60_000;
  private static final int PRUNE_AT = 10_000;
  private final long dedupeMs;
  private final int maxPerMinute;
  private final Map<String, long[]> lastSent = new HashMap<>(); // key -> {sent at, suppressed since}
  private final ArrayDeque<Long> sentTimes = new ArrayDeque<>();

  public AlertGate(long dedupeMs, int maxPerMinute) {
    if (dedupeMs < 0 || maxPerMinute < 1) {
      throw new IllegalArgumentException("alerts: dedupe-window must be >= 0 and max-per-minute >= 1");
    }
    this.dedupeMs = dedupeMs;
    this.maxPerMinute = maxPerMinute;
  }

  public synchronized Admission admit(Alert alert, long nowMs) {
    long[] last = lastSent.get(alert.key());
    if (last != null && nowMs - last[0] < dedupeMs) {
      last[1]++;
      return new Admission(Outcome.DUPLICATE, 0);
    }
    while (!sentTimes.isEmpty() && nowMs - sentTimes.peekFirst() >= MINUTE_MS) {
      sentTimes.pollFirst();
    }
    if (alert.severity() != Alert.Severity.CRITICAL && sentTimes.size() >= maxPerMinute) {
      return new Admission(Outcome.RATE_LIMITED, 0);
    }
    long repeats = last == null ? 0 : last[1];
    if (lastSent.size() >= PRUNE_AT) {
      lastSent.values().removeIf(sent -> nowMs - sent[0] >= dedupeMs);
    }
    lastSent.put(alert.key(), new long[] {nowMs, 0});
    sentTimes.addLast(nowMs);
    return new Admission(Outcome.SEND, repeats);
  }
}
