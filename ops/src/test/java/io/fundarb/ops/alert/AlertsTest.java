package io.fundarb.ops.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.streams.market.FeedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final Alerts alerts = new Alerts(new AlertGate(60_000, 20), 3, 60_000, null, clock::get);

  private List<Alert.Kind> sentKinds() {
    return alerts.recent().stream().filter(r -> r.outcome() == AlertGate.Outcome.SEND).map(r -> r.alert().kind())
        .toList();
  }

  @Test
  void nodeAndAssetEventsFromTheEventStreamBecomeAlerts() throws Exception {
    ActorTestKit kit = ActorTestKit.create();
    try {
      alerts.subscribe(kit.system());
      kit.system().eventStream().tell(new EventStream.Publish<>(
          new AssetEntity.BreakerEvent("BINANCE:BTCUSDT", CircuitBreaker.State.OPEN, 0, "3 failures")));
      kit.system().eventStream().tell(new EventStream.Publish<>(
          new AssetEntity.BreakerEvent("BINANCE:BTCUSDT", CircuitBreaker.State.HALF_OPEN, 1, "timer")));
      kit.system().eventStream().tell(new EventStream.Publish<>(new Run.KillSwitchOn("drill", 12, 0)));
      kit.system().eventStream().tell(new EventStream.Publish<>(
          new AssetEntity.PolicyFailed("BINANCE:ETHUSDT", 0, "NaN logits", true)));
      await().atMost(Duration.ofSeconds(30)).until(() -> alerts.recent().size() >= 3);
      assertEquals(List.of(Alert.Kind.BREAKER_OPEN, Alert.Kind.KILL_SWITCH, Alert.Kind.MODEL_ERROR), sentKinds(),
          "HALF_OPEN is not news");
      Alert kill = alerts.recent().get(1).alert();
      assertEquals(Alert.Severity.CRITICAL, kill.severity());
      assertTrue(kill.summary().contains("drill"), kill.summary());
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void everyDeskEventMapsToItsKindAndOnlyASpentBudgetIsABreach() {
    alerts.raise(AlertMapping.of(new Run.DailyLossBudgetChanged(true, 5, 0, Fixed.ofUnits(9_700)), 1).get());
    assertTrue(AlertMapping.of(new Run.DailyLossBudgetChanged(false, 6, 0, Fixed.ofUnits(9_700)), 1).isEmpty());
    alerts.raise(AlertMapping.of(new AssetEntity.ReconciliationMismatch("BINANCE:BTCUSDT", "digest"), 1).get());
    alerts.raise(AlertMapping.of(new Run.JournalFailure("orders|BINANCE:BTCUSDT", "timeout"), 1).get());
    alerts.raise(AlertMapping.of(new Run.DecisionsMissed(9, 2), 1).get());
    alerts.raise(AlertMapping.of(new Run.LimitChanged("max-position", 1, 0.5, 10), 1).get());
    assertEquals(List.of(Alert.Kind.RISK_LIMIT_BREACH, Alert.Kind.RECONCILIATION_MISMATCH, Alert.Kind.JOURNAL_FAILURE,
        Alert.Kind.DECISIONS_MISSED, Alert.Kind.LIMIT_CHANGED), sentKinds());
  }

  @Test
  void feedStalenessAndRestartStormsAlertAndRepeatsAreSuppressed() {
    alerts.onFeed(new FeedEvent.Stale("BTCUSDT|SPOT", 30_000));
    clock.addAndGet(1_000);
    alerts.onFeed(new FeedEvent.Stale("BTCUSDT|SPOT", 31_000));
    alerts.onFeed(new FeedEvent.Live("BTCUSDT|SPOT"));
    for (int k = 0; k < 4; k++) {
      alerts.onStreamRestart("BTCUSDT|PERP");
    }
    assertEquals(List.of(Alert.Kind.FEED_STALE, Alert.Kind.FEED_LIVE, Alert.Kind.FEED_DISCONNECTED,
        Alert.Kind.STREAM_RESTART_STORM), sentKinds());
    assertEquals(4, alerts.count(AlertGate.Outcome.DUPLICATE), "a repeated stale and three repeated disconnects");
    assertEquals(4, alerts.count(AlertGate.Outcome.SEND));
  }
}
