package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
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
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator commands to the desk: validated, applied at a step boundary, journaled, re-applied on restart. */
class DeskSteeringTest {
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

  private static String steer(FundarbNode node, DeskJournal.Steering steering) throws Exception {
    awaitDesk(node);
    return AskPattern.<ReplayDesk.Command, ReplayDesk.SteerReply>ask(node.desk(),
        reply -> new ReplayDesk.Steer(steering, reply), Duration.ofSeconds(10), node.system().scheduler())
        .toCompletableFuture().get().detail();
  }

  private static ReplayDesk.Finished await(FundarbNode node) throws Exception {
    return node.finished().toCompletableFuture().get(3, TimeUnit.MINUTES);
  }

  @Test
  void anUnknownAssetIsRefusedAndNothingHappens() throws Exception {
    try (FundarbNode node = start(JournalSettings.h2Memory("steer-unknown"))) {
      String reply = steer(node, new DeskJournal.PauseAsset("BINANCE:DOGEUSDT", "test"));
      assertTrue(reply.startsWith("unknown asset BINANCE:DOGEUSDT"), reply);
      steer(node, new DeskJournal.Kill("end the test"));
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
      steer(node, new DeskJournal.PauseAsset("BINANCE:BTCUSDT", "operator"));
      ReplayDesk.Finished finished = await(node);
      OrderActor.Book book = node.book("BINANCE:BTCUSDT").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(2, book.cancellations(), "both legs' working orders were cancelled: " + book);
      assertTrue(book.open().isEmpty());
      assertTrue(finished.result().portfolio().ledger().quantity(0) < Fixed.ofUnits(1) / 2,
          "the entry stopped where it stood");
    }
  }

  /** Asks the desk's status until the replay has passed {@code step} (each ask is a round trip). */
  private static void awaitStep(FundarbNode node, long step) throws Exception {
    awaitDesk(node);
    while (AskPattern.<ReplayDesk.Command, ReplayDesk.NodeStatus>ask(node.desk(), ReplayDesk.GetStatus::new,
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get().step() < step) {
      Thread.onSpinWait();
    }
  }

  private static void awaitDesk(FundarbNode node) {
    while (node.desk() == null) {
      Thread.onSpinWait(); // the guardian spawns it right after start
    }
  }

  @Test
  void theKillSwitchFlattensAndStopsAndARestartReappliesItAtTheSameStep() throws Exception {
    JournalSettings journal = JournalSettings.h2File(dir);
    long killedAt;
    ReplayDesk.Finished first;
    try (FundarbNode node = start(journal)) {
      awaitStep(node, 3); // the carry positions open at the first steps
      String reply = steer(node, new DeskJournal.Kill("operator"));
      assertTrue(reply.startsWith("kill switch (operator) at step "), reply);
      killedAt = Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1));
      first = await(node);
    }
    assertEquals("killed and flat", first.reason());
    assertTrue(first.result().metrics().fills() >= 4, "opened both carries, then flattened them");
    assertFalse(first.result().portfolio().inMarket());
    assertTrue(first.result().metrics().steps() < 1_000, "stopped early: " + first.result().metrics().steps());

    try (FundarbNode node = start(journal)) {
      ReplayDesk.Finished again = await(node);
      assertEquals("killed and flat", again.reason());
      assertEquals(first.result().metrics(), again.result().metrics(), "the kill re-applied at step " + killedAt);
      assertTrue(again.recovery().mismatches().isEmpty(), again.recovery().toString());
      assertEquals(first.result().metrics().fills() * 2L, again.recovery().matchedEvents(),
          "every accepted order and fill was already journaled");
    }
  }

  @Test
  void flattenAndATightenedLimitTakeEffectArePublishedAndSurviveARestart() throws Exception {
    JournalSettings journal = JournalSettings.h2File(dir);
    ReplayDesk.Finished first;
    try (FundarbNode node = start(journal)) {
      TestProbe<ReplayDesk.DeskEvent> events = TestProbe.create(node.system());
      node.system().eventStream().tell(new EventStream.Subscribe<>(ReplayDesk.DeskEvent.class, events.getRef()));
      awaitStep(node, 3);
      assertTrue(steer(node, new DeskJournal.SetLimit("max-position", 2.0)).contains("configured value is the ceiling"));
      assertTrue(steer(node, new DeskJournal.SetLimit("leverage", 1)).startsWith("unknown limit 'leverage'"));
      assertTrue(steer(node, new DeskJournal.FlattenAsset("BINANCE:BTCUSDT", "drill")).startsWith("flattening"));
      assertTrue(steer(node, new DeskJournal.SetLimit("max-position", 0)).startsWith("setting max-position to 0.0"));
      ReplayDesk.LimitChanged changed = events.expectMessageClass(ReplayDesk.LimitChanged.class, Duration.ofSeconds(30));
      assertEquals(new ReplayDesk.LimitChanged("max-position", 1.0, 0.0, changed.step()), changed);
      ReplayDesk.RiskView risk = AskPattern.<ReplayDesk.Command, ReplayDesk.RiskView>ask(node.desk(),
          ReplayDesk.GetRisk::new, Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get();
      assertEquals(0.0, risk.limits().maxPosition());
      assertEquals(1.0, risk.ceiling().maxPosition());
      assertEquals(java.util.List.of("BINANCE:BTCUSDT"), risk.flattening());
      first = await(node);
    }
    assertEquals("end of data", first.reason(), "not killed: the limits did it");
    assertFalse(first.result().portfolio().inMarket(), "a zero max-position flattens every asset and keeps it flat");

    try (FundarbNode node = start(journal)) {
      ReplayDesk.Finished again = await(node);
      assertEquals(first.result().metrics(), again.result().metrics(), "the journaled steering re-applied");
    }
  }
}
