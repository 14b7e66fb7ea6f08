package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator commands to a replay: validated, applied at a step boundary, journaled, re-applied on restart. */
class RunSteeringTest {
  private static final MarketData DATA = RealData.load("BINANCE");
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
  private static final BacktestConfig CARRY = RealData.config("carry");

  @TempDir Path dir;

  private static FundarbNode start(JournalSettings journal) {
    // paced (a day of data per 10 ms) so that commands land in the middle of the run
    return FundarbNode.replay(MarketTape.build(DATA, UNIVERSE), DATA.venue(), UNIVERSE, CARRY,
        NodeFixtures.assets("carry"), new NodeSettings(86_400_000.0 / 10, Duration.ofSeconds(5), 1.0, 0.02), journal,
        ConfigFactory.empty());
  }

  private static String steer(FundarbNode node, Steering steering) throws Exception {
    awaitRun(node);
    return AskPattern.<Run.Query, Run.SteerReply>ask(node.run(), reply -> new Run.Steer(steering, reply),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get().detail();
  }

  private static Run.Finished await(FundarbNode node) throws Exception {
    return node.finished().toCompletableFuture().get(3, TimeUnit.MINUTES);
  }

  @Test
  void anUnknownAssetIsRefusedAndNothingHappens() throws Exception {
    try (FundarbNode node = start(JournalSettings.h2Memory("steer-unknown"))) {
      String reply = steer(node, new Steering.PauseAsset("BINANCE:DOGEUSDT", "test"));
      assertTrue(reply.startsWith("unknown asset BINANCE:DOGEUSDT"), reply);
      steer(node, new Steering.Kill("end the test"));
      await(node);
    }
  }

  @Test
  void pausingAnAssetCancelsItsWorkingEntry() throws Exception {
    String[] closes = new String[48];
    java.util.Arrays.fill(closes, "42000");
    // 1 BTC bars at 10 % participation: the ~1 BTC entry needs about eleven bars
    MarketData thin = new io.fundarb.engine.testing.TestMarket("BINANCE", 3_600_000L)
        .asset("BTCUSDT", io.fundarb.engine.testing.TestMarket.at("2024-01-01T00:00:00Z"), closes, closes, new long[0],
            new String[0], "1")
        .build();
    Universe btc = TestInstruments.universe("BINANCE", "BTCUSDT");
    try (FundarbNode node = FundarbNode.replay(MarketTape.build(thin, btc), "BINANCE", btc, CARRY,
        NodeFixtures.assets("carry"), new NodeSettings(3_600_000.0 / 50, Duration.ofSeconds(5), 1.0, 0.02),
        JournalSettings.h2Memory("steer-pause"), ConfigFactory.empty())) {
      awaitStep(node, 3);
      steer(node, new Steering.PauseAsset("BINANCE:BTCUSDT", "operator"));
      Run.Finished finished = await(node);
      OrderActor.Book book = node.book("BINANCE:BTCUSDT").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(2, book.cancellations(), "both legs' working orders were cancelled: " + book);
      assertEquals(0, book.inFlight().length);
      assertTrue(finished.result().portfolio().ledger().quantity(0) < Fixed.ofUnits(1) / 2,
          "the entry stopped where it stood");
    }
  }

  /** Asks the run's status until the replay has passed {@code step} (each ask is a round trip; 60 s at most). */
  private static void awaitStep(FundarbNode node, long step) throws Exception {
    awaitRun(node);
    Awaitility.await("step " + step).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1)).until(() ->
        AskPattern.<Run.Query, Run.Status>ask(node.run(), Run.GetStatus::new, Duration.ofSeconds(10),
            node.system().scheduler()).toCompletableFuture().get().step() >= step);
  }

  private static void awaitRun(FundarbNode node) {
    Awaitility.await("the run").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1)).until(() -> node.run() != null);
  }

  @Test
  void theKillSwitchFlattensAndStopsAndARestartReappliesItAtTheSameStep() throws Exception {
    JournalSettings journal = JournalSettings.h2File(dir);
    long killedAt;
    long journaled = 0;
    Run.Finished first;
    try (FundarbNode node = start(journal)) {
      awaitStep(node, 3); // the carry positions open at the first steps
      String reply = steer(node, new Steering.Kill("operator"));
      assertTrue(reply.startsWith("kill switch (operator) at step "), reply);
      killedAt = Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1));
      first = await(node);
      for (String asset : List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT")) {
        journaled += node.book(asset).toCompletableFuture().get(10, TimeUnit.SECONDS).trail().events();
      }
    }
    assertEquals("killed and flat", first.reason());
    assertTrue(first.result().metrics().fills() >= 4, "opened both carries, then flattened them");
    assertFalse(first.result().portfolio().inMarket());
    assertTrue(first.result().metrics().steps() < 1_000, "stopped early: " + first.result().metrics().steps());

    try (FundarbNode node = start(journal)) {
      Run.Finished again = await(node);
      assertEquals("killed and flat", again.reason());
      assertEquals(first.result().metrics(), again.result().metrics(), "the kill re-applied at step " + killedAt);
      assertTrue(again.recovery().mismatches().isEmpty(), again.recovery().toString());
      assertEquals(journaled, again.recovery().matchedEvents(), "the re-run produced every order event journaled");
      assertEquals(0, again.recovery().rewrittenEvents(), "and nothing past them");
    }
  }

  @Test
  void theKillSwitchFlattensEveryAssetWhileEveryStrategyFails() throws Exception {
    // each asset's strategy opens the carry, then throws on every call: breakers open, strategies bypassed
    java.util.function.Supplier<io.fundarb.engine.strategy.Strategy> failing = () -> {
      int[] calls = {0};
      return view -> {
        if (++calls[0] > 3) {
          throw new IllegalStateException("broken from here on");
        }
        return 1.0;
      };
    };
    try (FundarbNode node = FundarbNode.replay(MarketTape.build(DATA, UNIVERSE), DATA.venue(), UNIVERSE, CARRY,
        NodeFixtures.assets(failing), new NodeSettings(86_400_000.0 / 10, Duration.ofSeconds(5), 1.0, 0.02),
        JournalSettings.h2Memory("kill-failing"), ConfigFactory.empty())) {
      awaitStep(node, 20);
      for (String asset : List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT")) {
        AssetEntity.AssetStatus status = node.asset(asset).<AssetEntity.AssetStatus>ask(AssetEntity.GetStatus::new,
            Duration.ofSeconds(10)).toCompletableFuture().get();
        assertTrue(status.strategyFailures() >= 3, asset + " keeps failing: " + status);
      }
      assertTrue(steer(node, new Steering.Kill("strategies failing")).startsWith("kill switch"));
      Run.Finished finished = await(node);
      assertEquals("killed and flat", finished.reason());
      assertFalse(finished.result().portfolio().inMarket(), "every asset flattened by its own order actor");
      assertTrue(finished.result().metrics().fills() >= 8, "opened both carries, then sold them: "
          + finished.result().metrics().fills());
    }
  }

  @Test
  void flattenAndATightenedLimitTakeEffectArePublishedAndSurviveARestart() throws Exception {
    JournalSettings journal = JournalSettings.h2File(dir);
    Run.Finished first;
    try (FundarbNode node = start(journal)) {
      TestProbe<Run.Event> events = TestProbe.create(node.system());
      node.system().eventStream().tell(new EventStream.Subscribe<>(Run.Event.class, events.getRef()));
      awaitStep(node, 3);
      assertTrue(steer(node, new Steering.SetLimit("max-position", 2.0)).contains("configured value is the ceiling"));
      assertTrue(steer(node, new Steering.SetLimit("leverage", 1)).startsWith("unknown limit 'leverage'"));
      assertTrue(steer(node, new Steering.FlattenAsset("BINANCE:BTCUSDT", "drill")).startsWith("flattening"));
      assertTrue(steer(node, new Steering.SetLimit("max-position", 0)).startsWith("setting max-position to 0.0"));
      Run.LimitChanged changed = events.expectMessageClass(Run.LimitChanged.class, Duration.ofSeconds(30));
      assertEquals(new Run.LimitChanged("max-position", 1.0, 0.0, changed.step()), changed);
      AccountActor.View risk = AskPattern.<AccountActor.Command, AccountActor.View>ask(node.account(),
          AccountActor.GetView::new, Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get();
      assertEquals(0.0, risk.limits().maxPosition());
      assertEquals(1.0, risk.ceiling().maxPosition());
      AssetEntity.AssetStatus btc = node.asset("BINANCE:BTCUSDT").<AssetEntity.AssetStatus>ask(
          AssetEntity.GetStatus::new, Duration.ofSeconds(10)).toCompletableFuture().get();
      assertTrue(btc.mode().flattening(), "BTC is flattening: " + btc.mode());
      first = await(node);
    }
    assertEquals("end of data", first.reason(), "not killed: the limits did it");
    assertFalse(first.result().portfolio().inMarket(), "a zero max-position flattens every asset and keeps it flat");

    try (FundarbNode node = start(journal)) {
      Run.Finished again = await(node);
      assertEquals(first.result().metrics(), again.result().metrics(), "the journaled steering re-applied");
    }
  }
}
