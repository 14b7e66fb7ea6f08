package io.fundarb.actors.asset;

import static io.fundarb.actors.asset.AssetHarness.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.engine.money.Fixed;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An order actor holds a notional reservation from the account before it sends anything that adds
 * exposure: the account here is a probe, so the test decides what it grants and when it is silent.
 */
class ReservationTest {
  private final ActorTestKit kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
  private final TestProbe<AccountActor.Command> account = kit.createTestProbe();

  @AfterEach
  void shutdown() {
    kit.shutdownTestKit();
  }

  private AssetHarness asset(double target) {
    TradingLinks.get(kit.system()).link(account.getRef(), null);
    return new AssetHarness(kit, "BINANCE:A1USDT", AssetHarness.settings(() -> v -> target));
  }

  @Test
  void noAnswerFromTheAccountMeansNoNewExposure() {
    AssetHarness a = asset(0.5);
    a.send(new io.fundarb.engine.market.MarketStep(AssetHarness.HOUR, java.util.List.of(
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.SPOT, a.spot),
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.PERP, a.spot + Fixed.ofUnits(10)))), NORMAL);
    AccountActor.Reserve asked = account.expectMessageClass(AccountActor.Reserve.class);
    assertEquals(Fixed.ofUnits(22_500), asked.notional(), "half of the 45,000 max notional");
    ReplayClock.Decided decided = a.clock.expectMessageClass(ReplayClock.Decided.class, Duration.ofSeconds(10));
    assertTrue(decided.requests().isEmpty(), "the account never answered: nothing that adds exposure went out");
  }

  @Test
  void aPartialGrantCapsTheEntryAndAReductionNeverWaits() {
    java.util.concurrent.atomic.AtomicReference<Double> target = new java.util.concurrent.atomic.AtomicReference<>(0.5);
    TradingLinks.get(kit.system()).link(account.getRef(), null);
    AssetHarness a = new AssetHarness(kit, "BINANCE:A1USDT", AssetHarness.settings(() -> v -> target.get()));
    a.send(new io.fundarb.engine.market.MarketStep(AssetHarness.HOUR, java.util.List.of(
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.SPOT, a.spot),
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.PERP, a.spot + Fixed.ofUnits(10)))), NORMAL);
    AccountActor.Reserve asked = account.expectMessageClass(AccountActor.Reserve.class);
    asked.replyTo().tell(new AccountActor.Granted(asked.asset(), Fixed.ofUnits(9_000), asked.ticket()));
    ReplayClock.Decided entry = a.answer();
    assertEquals(Fixed.parse("0.3"), AssetHarness.spotBought(entry), "9,000 of 22,500 granted: 0.3 at 30,000");
    a.send(new io.fundarb.engine.market.MarketStep(2 * AssetHarness.HOUR, java.util.List.of(
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.SPOT, a.spot),
        AssetHarness.bar(io.fundarb.engine.instrument.Leg.PERP, a.spot + Fixed.ofUnits(10)))), NORMAL);
    AccountActor.Reserve again = account.expectMessageClass(AccountActor.Reserve.class);
    again.replyTo().tell(new AccountActor.Granted(again.asset(), Fixed.ofUnits(9_000), again.ticket()));
    assertTrue(a.answer().requests().isEmpty(), "still wants more, the account has no more: it holds what it has");
    assertEquals(Fixed.ofUnits(9_000), a.book().reservation());

    target.set(0.1);
    ReplayClock.Decided reduction = a.step(3, NORMAL);
    assertEquals(-Fixed.parse("0.15"), AssetHarness.spotBought(reduction), "down to 0.1: sold at once, no reservation");
    AccountActor.Release released = account.expectMessageClass(AccountActor.Release.class);
    assertEquals(Fixed.ofUnits(4_500), released.notional(), "the reservation shrinks with the target");
  }
}
