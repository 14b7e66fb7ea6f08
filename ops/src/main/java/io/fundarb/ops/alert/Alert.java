package io.fundarb.ops.alert;

/**
 * Something an operator must hear about.
 *
 * @param subject what it concerns: an asset id, a stream, a journal, or "node"
 * @param timeMs wall-clock time the node noticed it (market times go in the summary)
 */
public record Alert(Kind kind, Severity severity, String subject, String summary, long timeMs) {
  public enum Severity { INFO, WARNING, CRITICAL }

  public enum Kind {
    FEED_STALE, FEED_LIVE, FEED_DISCONNECTED, STREAM_RESTART_STORM, BREAKER_OPEN, BREAKER_CLOSED, RISK_LIMIT_BREACH, LIMIT_CHANGED,
    KILL_SWITCH, RECONCILIATION_MISMATCH, MODEL_ERROR, MODEL_CHANGED, STRATEGY_ERROR, JOURNAL_FAILURE, DECISIONS_MISSED
  }

  /** Alerts with the same key are duplicates of each other. */
  public String key() {
    return kind + "|" + subject;
  }
}
