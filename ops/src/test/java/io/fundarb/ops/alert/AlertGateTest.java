package io.fundarb.ops.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlertGateTest {
  private static Alert alert(Alert.Kind kind, Alert.Severity severity, String subject) {
    return new Alert(kind, severity, subject, "test", 0);
  }

  @Test
  void aRepeatWithinTheWindowIsSuppressedAndCountedOnTheNextOneSent() {
    AlertGate gate = new AlertGate(60_000, 100);
    Alert open = alert(Alert.Kind.BREAKER_OPEN, Alert.Severity.WARNING, "BINANCE:BTCUSDT");
    assertEquals(new AlertGate.Admission(AlertGate.Outcome.SEND, 0), gate.admit(open, 0));
    assertEquals(AlertGate.Outcome.DUPLICATE, gate.admit(open, 1_000).outcome());
    assertEquals(AlertGate.Outcome.DUPLICATE, gate.admit(open, 59_999).outcome());
    assertEquals(AlertGate.Outcome.SEND, gate.admit(alert(Alert.Kind.BREAKER_OPEN, Alert.Severity.WARNING,
        "BINANCE:ETHUSDT"), 2_000).outcome(), "another subject is another alert");
    assertEquals(new AlertGate.Admission(AlertGate.Outcome.SEND, 2), gate.admit(open, 60_000));
  }

  @Test
  void beyondTheRateOnlyCriticalAlertsGoOut() {
    AlertGate gate = new AlertGate(0, 3);
    for (int k = 0; k < 3; k++) {
      assertEquals(AlertGate.Outcome.SEND, gate.admit(alert(Alert.Kind.FEED_STALE, Alert.Severity.WARNING, "s" + k), k)
          .outcome());
    }
    assertEquals(AlertGate.Outcome.RATE_LIMITED,
        gate.admit(alert(Alert.Kind.FEED_STALE, Alert.Severity.WARNING, "s3"), 10).outcome());
    assertEquals(AlertGate.Outcome.SEND,
        gate.admit(alert(Alert.Kind.KILL_SWITCH, Alert.Severity.CRITICAL, "node"), 11).outcome());
    assertEquals(AlertGate.Outcome.SEND,
        gate.admit(alert(Alert.Kind.FEED_STALE, Alert.Severity.WARNING, "s3"), 60_003).outcome(), "a minute later");
  }

  @Test
  void aRestartStormIsReportedOncePerBuildUp() {
    RestartStorm storm = new RestartStorm(3, 60_000);
    assertFalse(storm.onRestart("BTCUSDT|SPOT", 0));
    assertFalse(storm.onRestart("BTCUSDT|SPOT", 10_000));
    assertFalse(storm.onRestart("ETHUSDT|SPOT", 11_000), "per stream");
    assertTrue(storm.onRestart("BTCUSDT|SPOT", 20_000));
    assertFalse(storm.onRestart("BTCUSDT|SPOT", 21_000), "already reported");
    assertFalse(storm.onRestart("BTCUSDT|SPOT", 200_000), "the window emptied");
  }
}
