package io.fundarb.actors.asset;

import static io.fundarb.actors.asset.AssetHarness.HOUR;
import static io.fundarb.actors.asset.AssetHarness.KILLED;
import static io.fundarb.actors.asset.AssetHarness.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.node.Steering;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.venue.VenueRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One asset entity driven through its real protocol (steps in, its order actor's requests out):
 * it decides and trades for itself, its breaker is supervision over its strategy, its mode and
 * breaker are journaled and come back after a restart, and its order actor needs a reservation
 * before it adds exposure.
 */
class AssetEntityTest {
  private static final ActorTestKit KIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
  private static final AtomicInteger IDS = new AtomicInteger();

  static {
    TradingLinks.get(KIT.system()).link(KIT.spawn(AccountActor.create(new AccountActor.Settings("BINANCE",
        new TunableLimits(1, 1, 0.02), AssetHarness.MAX_NOTIONAL, 40))), null);
  }

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static AssetHarness asset(Strategy strategy) {
    return asset(AssetHarness.settings(() -> strategy));
  }

  private static AssetHarness asset(AssetSettings settings) {
    return new AssetHarness(KIT, "BINANCE:A" + IDS.incrementAndGet() + "USDT", settings);
  }

  private static TestProbe<AssetEntity.AssetEvent> events() {
    TestProbe<AssetEntity.AssetEvent> events = KIT.createTestProbe();
    KIT.system().eventStream().tell(new EventStream.Subscribe<>(AssetEntity.AssetEvent.class, events.getRef()));
    return events;
  }

  @Test
  void aHealthyStrategysTargetBecomesTheAssetsOwnHedgedOrders() {
    AssetHarness a = asset(v -> 0.7);
    ReplayClock.Decided decided = a.step(1, NORMAL);
    // 0.7 of 45,000 USDT at 30,000: 1.05 on both legs, opposite sides
    assertEquals(Fixed.parse("1.05"), AssetHarness.spotBought(decided), decided.toString());
    assertTrue(decided.requests().stream().anyMatch(r -> r instanceof VenueRequest.Submit s
        && s.order().instrument().kind().name().equals("PERP") && s.order().signedQuantity() == -Fixed.parse("1.05")));
    assertEquals(0.7, a.status().lastTarget());
    a.step(2, NORMAL);
    assertEquals(Fixed.parse("1.05"), a.book().ledger().quantity()[0], "the fills are booked by the asset itself");
  }

  @Test
  void repeatedStrategyFailuresOpenTheBreakerAndSafeModeHoldsUntilHealthy() {
    AtomicInteger calls = new AtomicInteger();
    AssetHarness a = asset(view -> {
      if (calls.incrementAndGet() <= 3) {
        throw new IllegalStateException("model blew up");
      }
      return 1.0;
    });
    long t = 0;
    for (int k = 1; k <= 3; k++) {
      assertTrue(a.step(t += 1, NORMAL).requests().isEmpty(), "a failing strategy still answers, with hold");
    }
    AssetEntity.AssetStatus open = a.status();
    assertEquals(CircuitBreaker.State.OPEN, open.breaker());
    assertEquals(3, open.strategyFailures());
    assertTrue(a.step(t += 1, NORMAL).requests().isEmpty(), "open: the strategy is bypassed, the position held");
    assertEquals(3, calls.get(), "no strategy ran while the breaker was open");
    // cool-down (6 h) -> half-open: the strategy runs again but may not add exposure
    assertTrue(a.step(t += 6, NORMAL).requests().isEmpty());
    assertEquals(CircuitBreaker.State.HALF_OPEN, a.status().breaker());
    assertTrue(a.status().lastRules().contains(RiskRule.SAFE_MODE));
    // healthy period (12 h) -> closed: entries allowed again
    assertTrue(AssetHarness.spotBought(a.step(t += 12, NORMAL)) > 0, "closed: the entry goes out");
    assertEquals("CLOSED", a.book().breaker(), "breaker transitions are journaled");
  }

  @Test
  void badStepsAreDroppedCountedAndAnsweredWithHold() {
    AssetHarness a = asset(v -> 0.5);
    MarketStep zero = new MarketStep(HOUR, List.of(AssetHarness.bar(Leg.SPOT, 0), AssetHarness.bar(Leg.PERP, 0)));
    assertTrue(a.step(zero, NORMAL).requests().isEmpty(), "zero price");
    assertTrue(a.status().lastRules().contains(RiskRule.BAD_DATA));
    assertTrue(AssetHarness.spotBought(a.step(2, NORMAL)) > 0, "a good step trades");
    a.step(3, NORMAL);
    MarketStep stale = new MarketStep(10 * HOUR, List.of(new MarketEvent.Funding(0)));
    assertTrue(a.step(stale, NORMAL).requests().isEmpty(), "7 h old bars are stale");
    assertTrue(a.step(10, NORMAL).requests().isEmpty(), "a step not after the last one is out of order");
    FeedActor.Counts counts = a.status().feed();
    assertEquals(List.of(2L, 1L, 1L, 1L), List.of(counts.accepted(), counts.stale(), counts.invalid(),
        counts.outOfOrder()), "each drop is counted by reason: " + counts);
    assertEquals(10 * HOUR, counts.lastTime());
  }

  @Test
  void theKillSwitchFlattensEvenWhenTheStrategyFails() {
    AtomicInteger calls = new AtomicInteger();
    AssetHarness a = asset(view -> {
      if (calls.incrementAndGet() > 1) {
        throw new IllegalStateException("always fails from now on");
      }
      return 0.8;
    });
    long bought = AssetHarness.spotBought(a.step(1, NORMAL));
    assertTrue(bought > 0);
    a.step(2, NORMAL);
    assertEquals(bought, a.book().ledger().quantity()[0]);
    ReplayClock.Decided flatten = a.step(3, KILLED);
    assertEquals(-bought, AssetHarness.spotBought(flatten), "killed: everything is sold whatever the strategy does");
    a.step(4, KILLED);
    assertEquals(0, a.book().ledger().quantity()[0]);
    assertEquals(0, a.book().ledger().quantity()[1]);
  }

  @Test
  void aNanTargetIsHeldAndAModelReadsTheFeedsFeatureRows() {
    AssetSettings plain = AssetHarness.settings(() -> v -> Double.NaN);
    AssetHarness nan = asset(plain);
    assertTrue(nan.step(1, NORMAL).requests().isEmpty(), "a NaN target is never traded");
    AssetSettings model = new AssetSettings(() -> view -> view.features().steps() > 0 ? 0.5 : 0, plain.limits(),
        plain.breaker(), plain.maxStaleMs(), plain.minBackoff(), plain.maxBackoff(), true, AssetHarness.TRADING);
    AssetHarness m = asset(model);
    m.step(1, NORMAL);
    assertEquals(0.5, m.status().lastTarget(), 1e-9, "the feed's feature rows reach the policy");
  }

  @Test
  void pauseIsSafeModeUntilResumed() {
    AssetHarness a = asset(v -> 1);
    assertTrue(a.step(1, NORMAL, new Steering.PauseAsset(a.asset, "operator")).requests().isEmpty(),
        "paused: no entry");
    assertTrue(a.status().paused());
    assertTrue(AssetHarness.spotBought(a.step(2, NORMAL, new Steering.ResumeAsset(a.asset))) > 0);
  }

  @Test
  void aTripOpensTheBreakerAtOnceAndTheAssetStaysSafeAfterTheCoolDownUntilResumed() {
    AssetHarness a = asset(v -> 1);
    TestProbe<AssetEntity.AssetEvent> events = events();
    a.entity.tell(new AssetEntity.Trip("venue holds 0.5 more", 2 * HOUR));
    AssetEntity.ReconciliationMismatch mismatch = events.expectMessageClass(AssetEntity.ReconciliationMismatch.class);
    assertEquals(a.asset, mismatch.asset());
    AssetEntity.BreakerEvent opened = events.expectMessageClass(AssetEntity.BreakerEvent.class);
    assertEquals(CircuitBreaker.State.OPEN, opened.state());
    assertTrue(a.step(3, NORMAL).requests().isEmpty(), "open: no entry");
    assertTrue(a.status().paused(), "paused as well");
    assertTrue(a.step(100, NORMAL).requests().isEmpty(), "past the cool-down the pause keeps SAFE mode");
    assertEquals(CircuitBreaker.State.HALF_OPEN, a.status().breaker());
    assertTrue(a.step(101, NORMAL, new Steering.ResumeAsset(a.asset)).requests().isEmpty(),
        "resumed, but half-open: still no entry");
    assertTrue(AssetHarness.spotBought(a.step(113, NORMAL)) > 0, "closed after the healthy period: it trades");
  }

  @Test
  void aSwappedInPolicyDecidesFromTheNextStepAndOneThatCannotLoadLeavesTheRunningOneInPlace() {
    PolicyLibrary library = (model, version) -> {
      if (!version.equals("v0002")) {
        throw new IllegalArgumentException("no version " + version);
      }
      return () -> view -> 0.2;
    };
    AssetHarness a = asset(AssetHarness.settings(() -> v -> 0.7).withPolicies("long_term v0001", library));
    TestProbe<AssetEntity.AssetEvent> events = events();
    a.step(1, NORMAL);
    assertEquals(0.7, a.status().lastTarget());
    a.step(2, NORMAL, new Steering.UseModel("long_term", "v0009"));
    AssetEntity.PolicyFailed failed = events.expectMessageClass(AssetEntity.PolicyFailed.class);
    assertTrue(failed.model() && failed.error().contains("no version v0009"), failed.toString());
    assertEquals(0.7, a.status().lastTarget(), "the running policy stays");
    a.step(3, NORMAL, new Steering.UseModel("long_term", "v0002"));
    assertEquals(new AssetEntity.PolicyChanged(a.asset, "long_term v0002"),
        events.expectMessageClass(AssetEntity.PolicyChanged.class));
    assertEquals(0.2, a.status().lastTarget());
    assertEquals("long_term v0002", a.status().policy());
  }

  @Test
  void aTrippedAndPausedAssetComesBackTrippedAndPausedAfterARestart() {
    AssetHarness a = asset(v -> 1);
    a.step(1, NORMAL, new Steering.PauseAsset(a.asset, "operator"));
    a.entity.tell(new AssetEntity.Trip("venue holds 0.5 more", 2 * HOUR));
    assertEquals(CircuitBreaker.State.OPEN, a.status().breaker());
    KIT.stop(a.entity);
    AssetHarness again = new AssetHarness(KIT, a.asset, AssetHarness.settings(() -> v -> 1));
    AssetEntity.AssetStatus status = again.status();
    assertEquals(CircuitBreaker.State.OPEN, status.breaker(), "the breaker's state came back from the journal");
    assertTrue(status.paused(), "and the pause: " + status.mode());
    assertTrue(again.step(3, NORMAL).requests().isEmpty(), "so no entry after the restart");
  }

  @Test
  void aFailedJournalWriteLosesNothingTheStepIsSentAgainAndBookedOnce() {
    AssetHarness a = asset(v -> 0.5);
    PersistenceTestKit journal = PersistenceTestKit.create(KIT.system());
    long bought = AssetHarness.spotBought(a.step(1, NORMAL));
    journal.failNextPersisted(OrderActor.persistenceId(a.asset).id());
    AssetEntity.Step lost = a.send(new MarketStep(2 * HOUR, List.of(AssetHarness.bar(Leg.SPOT, a.spot),
        AssetHarness.bar(Leg.PERP, a.spot + Fixed.ofUnits(10)))), NORMAL);
    a.clock.expectNoMessage(Duration.ofMillis(500)); // the write of its fills failed: the order actor restarts
    a.entity.tell(lost); // the replay clock sends a step again when it is not answered
    assertEquals(List.of(), a.answer().requests(), "nothing new to send: the entry is filled");
    OrderActor.Book book = a.book();
    assertEquals(2, book.fills(), "both legs' fills booked exactly once");
    assertEquals(bought, book.ledger().quantity()[0]);
    assertEquals(0, book.inFlight().length, "no request left in flight");
    a.entity.tell(lost); // sent once more (its answer came too late): booked before, not booked again
    a.answer();
    assertEquals(2, a.book().fills());
  }
}
