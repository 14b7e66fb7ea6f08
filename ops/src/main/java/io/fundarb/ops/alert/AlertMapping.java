package io.fundarb.ops.alert;

import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.time.Times;
import io.fundarb.streams.market.FeedEvent;
import java.util.Optional;

/** What each node, asset and feed event means to an operator: an alert, or nothing. */
final class AlertMapping {
  private AlertMapping() {
  }

  static Optional<Alert> of(AssetEntity.AssetEvent event, long now) {
    if (event instanceof AssetEntity.BreakerEvent b) {
      if (b.state() == CircuitBreaker.State.HALF_OPEN) {
        return Optional.empty(); // a probe, not news: OPEN and CLOSED bracket the incident
      }
      boolean open = b.state() == CircuitBreaker.State.OPEN;
      return Optional.of(new Alert(open ? Alert.Kind.BREAKER_OPEN : Alert.Kind.BREAKER_CLOSED,
          open ? Alert.Severity.WARNING : Alert.Severity.INFO, b.asset(),
          "breaker " + b.state() + " at " + Times.format(b.time()) + " (" + b.cause() + ")"
              + (open ? ": SAFE mode, holds and reductions only" : ""), now));
    }
    if (event instanceof AssetEntity.ReconciliationMismatch m) {
      return alert(Alert.Kind.RECONCILIATION_MISMATCH, Alert.Severity.CRITICAL, m.asset(), m.detail()
          + "; the asset is in SAFE mode", now);
    }
    if (!(event instanceof AssetEntity.PolicyFailed f)) {
      return Optional.empty(); // a policy swap: the run's ModelChanged announces it once for the node
    }
    return Optional.of(new Alert(f.model() ? Alert.Kind.MODEL_ERROR : Alert.Kind.STRATEGY_ERROR, Alert.Severity.WARNING,
        f.asset(), (f.model() ? "model inference" : "strategy") + " failed at " + Times.format(f.time()) + ": "
            + f.error(), now));
  }

  static Optional<Alert> of(Run.Event event, long now) {
    if (event instanceof Run.KillSwitchOn k) {
      return alert(Alert.Kind.KILL_SWITCH, Alert.Severity.CRITICAL, "node", "kill switch at step " + k.step() + " ("
          + Times.format(k.time()) + "): " + k.reason() + "; flattening every asset, then stopping", now);
    } else if (event instanceof Run.DailyLossBudgetChanged d) {
      return d.spent() ? alert(Alert.Kind.RISK_LIMIT_BREACH, Alert.Severity.CRITICAL, "node", "daily loss budget spent at "
          + Times.format(d.time()) + ", equity " + Fixed.toString(d.equity()) + " USDT: no new exposure until the next UTC day",
          now) : Optional.empty();
    } else if (event instanceof Run.JournalFailure j) {
      return alert(Alert.Kind.JOURNAL_FAILURE, Alert.Severity.CRITICAL, j.journal(), j.detail(), now);
    } else if (event instanceof Run.DecisionsMissed m) {
      return alert(Alert.Kind.DECISIONS_MISSED, Alert.Severity.WARNING, "node", m.assets()
          + " asset(s) did not answer within the step timeout at step " + m.step() + "; the replay moved on", now);
    } else if (event instanceof Run.ModelChanged c) {
      return alert(Alert.Kind.MODEL_CHANGED, Alert.Severity.INFO, c.model(), "every asset runs " + c.model() + " "
          + c.version() + " from step " + c.step(), now);
    }
    Run.LimitChanged l = (Run.LimitChanged) event;
    return alert(Alert.Kind.LIMIT_CHANGED, Alert.Severity.INFO, l.limit(), l.limit() + " changed from " + l.from() + " to "
        + l.to() + " at step " + l.step(), now);
  }

  static Optional<Alert> of(FeedEvent event, long now) {
    if (event instanceof FeedEvent.Stale s) {
      return alert(Alert.Kind.FEED_STALE, Alert.Severity.WARNING, s.stream(), "silent for " + s.silentMs()
          + " ms: its asset does not trade on stale data", now);
    } else if (event instanceof FeedEvent.Live l) {
      return alert(Alert.Kind.FEED_LIVE, Alert.Severity.INFO, l.stream(), "delivering again", now);
    }
    return Optional.empty();
  }

  static Alert disconnected(String stream, long now) {
    return new Alert(Alert.Kind.FEED_DISCONNECTED, Alert.Severity.INFO, stream, "disconnected; reconnecting with backoff",
        now);
  }

  static Alert restartStorm(String stream, int restarts, long windowMs, long now) {
    return new Alert(Alert.Kind.STREAM_RESTART_STORM, Alert.Severity.WARNING, stream, restarts + " restarts within "
        + windowMs / 1000 + " s: the venue keeps dropping the connection", now);
  }

  private static Optional<Alert> alert(Alert.Kind kind, Alert.Severity severity, String subject, String summary,
      long now) {
    return Optional.of(new Alert(kind, severity, subject, summary, now));
  }
}
