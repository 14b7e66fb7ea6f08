package io.fundarb.actors.asset;

import static io.fundarb.actors.asset.AssetHarness.HOUR;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.strategy.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live market steps through {@link MarketRouter}: straight to the feed of an entity on this node
 * once everything sent through its entity has arrived (none lost, none reordered), back through
 * the entity when the route closes, and the entity — no longer on the tick path — still moves its
 * breaker with the market's clock when the feed wakes it.
 */
class LiveRoutingTest {
  private final ActorTestKit kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));

  LiveRoutingTest() {
    TradingLinks.get(kit.system()).link(kit.spawn(AccountActor.create(new AccountActor.Settings("BINANCE",
        new TunableLimits(1, 1, 0.02), AssetHarness.MAX_NOTIONAL, 40))), null);
  }

  @AfterEach
  void shutdown() {
    kit.shutdownTestKit();
  }

  private AssetHarness asset(Strategy strategy) {
    return new AssetHarness(kit, "BINANCE:A1USDT", AssetHarness.settings(() -> strategy));
  }

  private MarketRouter router(AssetHarness a) {
    return new MarketRouter(LocalFeeds.get(kit.system()), id -> a.entity, List.of(a.asset));
  }

  private static MarketStep step(long hours) {
    return new MarketStep(hours * HOUR, List.of(AssetHarness.bar(Leg.SPOT, Fixed.ofUnits(30_000)),
        AssetHarness.bar(Leg.PERP, Fixed.ofUnits(30_010))));
  }

  @Test
  void stepsGoStraightToTheFeedOnceTheEntityForwardedWhatCameThroughItAndNoneIsLostOrReordered() {
    AssetHarness a = asset(v -> 0);
    java.util.concurrent.atomic.AtomicLong throughSharding = new java.util.concurrent.atomic.AtomicLong();
    MarketRouter router = new MarketRouter(LocalFeeds.get(kit.system()), id -> command -> {
      throughSharding.incrementAndGet();
      a.entity.tell(command);
    }, List.of(a.asset));
    for (int h = 1; h <= 300; h++) { // while the order journal is still being read: through the entity
      router.deliver(0, step(h));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().feed().lastTime() == 300 * HOUR);
    LocalFeeds.Route route = LocalFeeds.get(kit.system()).route(a.asset);
    assertNotNull(route, "the entity opened its route after reading its journal");
    // how many came through the entity depends on how soon it read its journal (all 300, usually);
    // what must hold is that the entity forwarded every one of them before the router went direct
    long forwarded = route.forwarded;
    assertEquals(throughSharding.get(), forwarded, "every step sent through sharding was forwarded by the entity");
    for (int h = 301; h <= 600; h++) {
      router.deliver(0, step(h));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().feed().lastTime() == 600 * HOUR);
    FeedActor.Counts counts = a.status().feed();
    assertEquals(600, counts.accepted() + counts.stale(), "every step reached the feed: " + counts);
    assertEquals(0, counts.outOfOrder(), "in order");
    assertEquals(forwarded, route.forwarded, "the next 300 went straight to the feed");
    assertEquals(forwarded, throughSharding.get(), "none of them through sharding");

    LocalFeeds.get(kit.system()).close(a.asset, route); // what the entity does when the shard stops it
    router.deliver(0, step(601));
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().feed().lastTime() == 601 * HOUR);
    assertEquals(0, a.status().feed().outOfOrder(), "through the entity again, once: " + a.status().feed());
  }

  @Test
  void theRouterGoesDirectOnlyOnceNothingSentThroughShardingIsStillOnItsWay() {
    TestProbe<AssetEntity.Command> sharded = kit.createTestProbe();
    TestProbe<FeedActor.Command> feed = kit.createTestProbe();
    LocalFeeds feeds = LocalFeeds.get(kit.system());
    MarketRouter router = new MarketRouter(feeds, id -> sharded.getRef(), List.of("BINANCE:B1USDT"));
    router.deliver(0, step(1));
    router.deliver(0, step(2));
    assertEquals(List.of(1L, 2L), List.of(sharded.expectMessageClass(AssetEntity.Market.class).number(),
        sharded.expectMessageClass(AssetEntity.Market.class).number()), "no route yet: through sharding");
    LocalFeeds.Route route = feeds.open("BINANCE:B1USDT", feed.getRef(), 1); // step 2 is still on its way
    router.deliver(0, step(3));
    assertEquals(3, sharded.expectMessageClass(AssetEntity.Market.class).number(), "behind step 2, not past it");
    feed.expectNoMessage(Duration.ofMillis(100));
    route.forwarded = 3; // the entity passed everything on
    router.deliver(0, step(4));
    router.deliver(0, step(5));
    assertEquals(List.of(4L, 5L), List.of(feed.expectMessageClass(FeedActor.Market.class).step(),
        feed.expectMessageClass(FeedActor.Market.class).step()), "then straight to the feed");
    sharded.expectNoMessage(Duration.ofMillis(100));
    feeds.close("BINANCE:B1USDT", route); // the entity stops to move
    router.deliver(0, step(6));
    assertEquals(6, sharded.expectMessageClass(AssetEntity.Market.class).number(), "through sharding again");
    feed.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void theBreakerMovesWithTheMarketsClockThoughTheEntityIsOffTheTickPath() {
    AtomicInteger calls = new AtomicInteger();
    AssetHarness a = asset(view -> {
      if (calls.incrementAndGet() <= 3) {
        throw new IllegalStateException("model blew up");
      }
      return 0;
    });
    MarketRouter router = router(a);
    for (int h = 1; h <= 3; h++) {
      router.deliver(0, step(h));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().breaker() == CircuitBreaker.State.OPEN);
    router.deliver(0, step(4));
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().feed().lastTime() == 4 * HOUR);
    assertEquals(3, calls.get(), "open: the tick went past the strategy");
    router.deliver(0, step(9)); // 6 h cool-down since it opened at 3 h
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().breaker() == CircuitBreaker.State.HALF_OPEN);
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 4); // and that tick reached the strategy
    router.deliver(0, step(21)); // 12 h healthy
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().breaker() == CircuitBreaker.State.CLOSED);
    assertEquals(5, calls.get());
  }
}
