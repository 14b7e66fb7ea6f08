package io.fundarb.actors.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.node.NodeFixtures;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.trading.AssetTick;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AssetSupervisorTest {
  private static final long HOUR = 3_600_000L;
  private static final ActorTestKit KIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
  private static final AtomicInteger IDS = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static AssetTick tick(String asset, long step, long time, long spot, double hedge) {
    return new AssetTick(step, AssetId.parse(asset), time, spot, spot + Fixed.ofUnits(10), new long[0], 50, hedge,
        Math.abs(hedge), 0, 0, Fixed.ofUnits(45_000), 0.003, time, null);
  }

  /** A probe hearing every asset event published on the system's event stream. */
  private static TestProbe<AssetSupervisor.AssetEvent> assetEvents() {
    TestProbe<AssetSupervisor.AssetEvent> events = KIT.createTestProbe();
    KIT.system().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
        AssetSupervisor.AssetEvent.class, events.getRef()));
    return events;
  }

  private static String newAsset() {
    return "BINANCE:A" + IDS.incrementAndGet() + "USDT";
  }

  private static AssetDecision send(ActorRef<AssetSupervisor.Command> asset, AssetTick t, NodeRiskState node,
      TestProbe<AssetDecision> probe) {
    asset.tell(new AssetSupervisor.Tick(t, node, probe.getRef()));
    return probe.receiveMessage();
  }

  @Test
  void aHealthyStrategysTargetIsApproved() {
    String id = newAsset();
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> v -> 0.7)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    AssetDecision d = send(asset, tick(id, 1, HOUR, Fixed.ofUnits(30_000), 0), NodeRiskState.NORMAL, probe);
    assertEquals(0.7, d.target());
    assertTrue(d.triggered().isEmpty());
    assertEquals(id, d.asset());
  }

  @Test
  void repeatedStrategyFailuresOpenTheBreakerAndSafeModeHoldsUntilHealthy() {
    String id = newAsset();
    AtomicInteger calls = new AtomicInteger();
    Strategy flaky = view -> {
      if (calls.incrementAndGet() <= 3) {
        throw new IllegalStateException("model blew up");
      }
      return 1.0;
    };
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> flaky)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    TestProbe<AssetSupervisor.AssetStatus> status = KIT.createTestProbe();
    long t = 0;
    for (int k = 1; k <= 3; k++) {
      AssetDecision d = send(asset, tick(id, k, t += HOUR, Fixed.ofUnits(30_000), 0.4), NodeRiskState.NORMAL, probe);
      assertTrue(d.holds(), "a failing strategy still answers, with hold");
    }
    asset.tell(new AssetSupervisor.GetStatus(status.getRef()));
    AssetSupervisor.AssetStatus open = status.receiveMessage();
    assertEquals(CircuitBreaker.State.OPEN, open.breaker());
    assertEquals(3, open.strategyFailures());

    AssetDecision safe = send(asset, tick(id, 4, t += HOUR, Fixed.ofUnits(30_000), 0.4), NodeRiskState.NORMAL, probe);
    assertTrue(safe.safeMode());
    assertEquals(0.4, safe.target(), "open breaker: the strategy is bypassed, the position is held");

    // cool-down (6 h) -> half-open: the strategy runs again but may not add exposure
    AssetDecision half = send(asset, tick(id, 5, t += 6 * HOUR, Fixed.ofUnits(30_000), 0.4), NodeRiskState.NORMAL,
        probe);
    assertTrue(half.safeMode());
    assertEquals(0.4, half.target());
    assertTrue(half.triggered().contains(RiskRule.SAFE_MODE));
    // healthy period (12 h) -> closed: entries allowed again
    AssetDecision closed = send(asset, tick(id, 6, t += 12 * HOUR, Fixed.ofUnits(30_000), 0.4), NodeRiskState.NORMAL,
        probe);
    assertFalse(closed.safeMode());
    assertEquals(1.0, closed.target());

    TestProbe<OrderActor.Book> book = KIT.createTestProbe();
    asset.tell(new AssetSupervisor.GetBook(book.getRef()));
    assertEquals("CLOSED", book.receiveMessage().breaker(), "breaker transitions are journaled");
  }

  @Test
  void badTicksAreDroppedAndAnsweredWithHold() {
    String id = newAsset();
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> v -> 1)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    assertTrue(send(asset, tick(id, 1, HOUR, 0, 0), NodeRiskState.NORMAL, probe).holds(), "zero price");
    AssetTick stale = new AssetTick(2, AssetId.parse(id), 10 * HOUR, Fixed.ofUnits(30_000), Fixed.ofUnits(30_010),
        new long[0], 50, 0, 0, 0, 0, Fixed.ofUnits(45_000), 0.003, HOUR, null);
    AssetDecision d = send(asset, stale, NodeRiskState.NORMAL, probe);
    assertTrue(d.holds(), "9 h old data is stale");
    assertTrue(d.triggered().contains(RiskRule.BAD_DATA));
    assertEquals(1, send(asset, tick(id, 3, 11 * HOUR, Fixed.ofUnits(30_000), 0), NodeRiskState.NORMAL, probe)
        .target());
    assertTrue(send(asset, tick(id, 4, 11 * HOUR, Fixed.ofUnits(30_000), 0), NodeRiskState.NORMAL, probe).holds(),
        "a tick not after the last one is out of order");
    TestProbe<AssetSupervisor.AssetStatus> status = KIT.createTestProbe();
    asset.tell(new AssetSupervisor.GetStatus(status.getRef()));
    AssetSupervisor.AssetStatus s = status.receiveMessage();
    assertEquals(new FeedActor.Counts(1, 1, 1, 1), s.ticks(), "each drop is counted by reason");
    assertEquals(11 * HOUR, s.lastTickTime());
  }

  @Test
  void theKillSwitchFlattensEvenWhenTheStrategyFails() {
    String id = newAsset();
    Strategy broken = view -> {
      throw new IllegalStateException("always fails");
    };
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> broken)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    NodeRiskState killed = new NodeRiskState(true, false, false);
    long t = 0;
    for (int k = 1; k <= 5; k++) {
      AssetDecision d = send(asset, tick(id, k, t += HOUR, Fixed.ofUnits(30_000), 0.8), killed, probe);
      assertEquals(0, d.target());
      assertTrue(d.triggered().contains(RiskRule.KILL_SWITCH));
    }
  }

  @Test
  void nanFeaturesFromTheModelPathAreHeldNotTraded() {
    String id = newAsset();
    AssetSettings fixture = NodeFixtures.assets(() -> v -> 0);
    AssetSettings model = new AssetSettings(() -> view -> view.features().row(0)[0], fixture.limits(),
        fixture.breaker(), fixture.maxStaleMs(), fixture.minBackoff(), fixture.maxBackoff(), true);
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, model));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    AssetTick plain = tick(id, 1, HOUR, Fixed.ofUnits(30_000), 0);
    AssetDecision nan = send(asset, withRow(plain, 1, Float.NaN), NodeRiskState.NORMAL, probe);
    assertTrue(nan.holds(), "a NaN target is never traded");
    AssetDecision fine = send(asset, withRow(tick(id, 2, 2 * HOUR, Fixed.ofUnits(30_000), 0), 2, 0.5f),
        NodeRiskState.NORMAL, probe);
    assertEquals(0.5, fine.target(), 1e-9, "the shipped row reaches the policy");
  }

  private static AssetTick withRow(AssetTick t, int steps, float value) {
    return new AssetTick(t.step(), t.asset(), t.time(), t.spotPrice(), t.perpPrice(), t.fundingSettled(), t.sentiment(),
        t.hedgeRatio(), t.exposureRatio(), t.marginRatio(), t.assetPnl(), t.maxNotional(), t.roundTripCost(),
        t.dataTime(), new io.fundarb.engine.trading.FeatureRow(steps, true, new float[] {value}));
  }

  @Test
  void pauseIsSafeModeUntilResumed() {
    String id = newAsset();
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> v -> 1)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    asset.tell(new AssetSupervisor.Pause("operator"));
    AssetDecision paused = send(asset, tick(id, 1, HOUR, Fixed.ofUnits(30_000), 0.2), NodeRiskState.NORMAL, probe);
    assertEquals(0.2, paused.target());
    assertTrue(paused.safeMode());
    asset.tell(new AssetSupervisor.Resume());
    assertEquals(1, send(asset, tick(id, 2, 2 * HOUR, Fixed.ofUnits(30_000), 0.2), NodeRiskState.NORMAL, probe)
        .target());
  }

  @Test
  void aTripOpensTheBreakerAtOnceAndTheAssetStaysSafeAfterTheCoolDownUntilResumed() {
    String id = newAsset();
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id, NodeFixtures.assets(() -> v -> 1)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    TestProbe<AssetSupervisor.AssetStatus> status = KIT.createTestProbe();
    TestProbe<AssetSupervisor.AssetEvent> events = assetEvents();
    long spot = Fixed.ofUnits(30_000);
    assertEquals(1, send(asset, tick(id, 1, HOUR, spot, 0.2), NodeRiskState.NORMAL, probe).target());

    asset.tell(new AssetSupervisor.Trip("reconciliation mismatch: venue holds 0.5 BTC more", 2 * HOUR));
    AssetSupervisor.BreakerEvent opened = events.expectMessageClass(AssetSupervisor.BreakerEvent.class);
    assertEquals(CircuitBreaker.State.OPEN, opened.state());
    assertTrue(opened.cause().contains("reconciliation mismatch"), opened.cause());
    AssetDecision held = send(asset, tick(id, 2, 3 * HOUR, spot, 0.2), NodeRiskState.NORMAL, probe);
    assertEquals(0.2, held.target(), "open: the position is held, the strategy bypassed");
    asset.tell(new AssetSupervisor.GetStatus(status.getRef()));
    AssetSupervisor.AssetStatus s = status.receiveMessage();
    assertEquals(CircuitBreaker.State.OPEN, s.breaker());
    assertTrue(s.paused(), "paused as well");
    AssetDecision later = send(asset, tick(id, 3, 100 * HOUR, spot, 0.2), NodeRiskState.NORMAL, probe);
    assertTrue(later.safeMode(), "past the cool-down the breaker probes, but the pause keeps SAFE mode");
  }

  @Test
  void aSwappedInPolicyDecidesFromTheNextTickAndOneThatCannotLoadLeavesTheRunningOneInPlace() {
    String id = newAsset();
    PolicyLibrary library = (model, version) -> {
      if (!version.equals("v0002")) {
        throw new IllegalArgumentException("no version " + version);
      }
      return () -> view -> -0.5;
    };
    ActorRef<AssetSupervisor.Command> asset = KIT.spawn(AssetSupervisor.create(id,
        NodeFixtures.assets(() -> v -> 0.7).withPolicies("long_term v0001", library)));
    TestProbe<AssetDecision> probe = KIT.createTestProbe();
    TestProbe<AssetSupervisor.AssetStatus> status = KIT.createTestProbe();
    TestProbe<AssetSupervisor.AssetEvent> events = assetEvents();
    long spot = Fixed.ofUnits(30_000);
    assertEquals(0.7, send(asset, tick(id, 1, HOUR, spot, 0), NodeRiskState.NORMAL, probe).target());

    asset.tell(new AssetSupervisor.UsePolicy("long_term", "v0009"));
    AssetSupervisor.PolicyFailed failed = events.expectMessageClass(AssetSupervisor.PolicyFailed.class);
    assertTrue(failed.model() && failed.error().contains("no version v0009"), failed.toString());
    assertEquals(0.7, send(asset, tick(id, 2, 2 * HOUR, spot, 0.7), NodeRiskState.NORMAL, probe).target(),
        "the running policy stays");

    asset.tell(new AssetSupervisor.UsePolicy("long_term", "v0002"));
    assertEquals(new AssetSupervisor.PolicyChanged(id, "long_term v0002"),
        events.expectMessageClass(AssetSupervisor.PolicyChanged.class));
    assertEquals(-0.5, send(asset, tick(id, 3, 3 * HOUR, spot, 0.7), NodeRiskState.NORMAL, probe).target());
    asset.tell(new AssetSupervisor.GetStatus(status.getRef()));
    assertEquals("long_term v0002", status.receiveMessage().policy());
  }
}
