package io.fundarb.actors.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OrderActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
      .withFallback(ConfigFactory.parseString("pekko.persistence.testkit.events.serialize = on"))
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
      .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
  private static final PersistenceTestKit JOURNAL = PersistenceTestKit.create(KIT.system());

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void theBookSurvivesARestartFromItsJournal() {
    ActorRef<OrderActor.Command> orders = KIT.spawn(OrderActor.create("BINANCE:BTCUSDT"));
    orders.tell(new OrderActor.Record(new OrderActor.Accepted(1, "BINANCE:BTCUSDT-SPOT", 10)));
    orders.tell(new OrderActor.Record(new OrderActor.Accepted(2, "BINANCE:BTCUSDT-PERP", 10)));
    orders.tell(new OrderActor.Record(new OrderActor.Filled(1, "BINANCE:BTCUSDT-SPOT", 60, 100, 3_000_000, 3, false)));
    orders.tell(new OrderActor.Record(new OrderActor.Filled(1, "BINANCE:BTCUSDT-SPOT", 70, 100, 3_000_000, 3, true)));
    orders.tell(new OrderActor.Record(new OrderActor.BreakerChanged("OPEN", 80)));
    TestProbe<OrderActor.Book> probe = KIT.createTestProbe();
    orders.tell(new OrderActor.GetBook(probe.getRef()));
    OrderActor.Book before = probe.receiveMessage();
    assertEquals(Map.of(2L, "BINANCE:BTCUSDT-PERP"), before.open());

    KIT.stop(orders);
    ActorRef<OrderActor.Command> recovered = KIT.spawn(OrderActor.create("BINANCE:BTCUSDT"));
    recovered.tell(new OrderActor.GetBook(probe.getRef()));
    OrderActor.Book after = probe.receiveMessage();
    assertEquals(before, after);
    assertEquals("OPEN", after.breaker());
    assertEquals(2, after.fills());
  }

  @Test
  void aJournalWriteFailureLosesNothingThatWasStored() {
    ActorRef<OrderActor.Command> orders = KIT.spawn(OrderActor.create("BINANCE:ETHUSDT"));
    orders.tell(new OrderActor.Record(new OrderActor.Accepted(7, "BINANCE:ETHUSDT-PERP", 10)));
    TestProbe<OrderActor.Book> probe = KIT.createTestProbe();
    orders.tell(new OrderActor.GetBook(probe.getRef()));
    assertEquals(1, probe.receiveMessage().accepted());
    JOURNAL.failNextPersisted();
    orders.tell(new OrderActor.Record(new OrderActor.Rejected(7, "BINANCE:ETHUSDT-PERP", 20, "venue down")));
    // the book restarts (backoff) and replays the stored events: the failed write is not applied
    probe.awaitAssert(() -> {
      orders.tell(new OrderActor.GetBook(probe.getRef()));
      OrderActor.Book book = probe.receiveMessage();
      assertEquals(Map.of(7L, "BINANCE:ETHUSDT-PERP"), book.open());
      assertEquals(0, book.rejections());
      return null;
    });
    orders.tell(new OrderActor.Record(new OrderActor.Rejected(7, "BINANCE:ETHUSDT-PERP", 30, "retry")));
    orders.tell(new OrderActor.GetBook(probe.getRef()));
    assertEquals(Map.of(), probe.receiveMessage().open());
  }
}
