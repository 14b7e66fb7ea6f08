package io.fundarb.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.asset.FeedActor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.node.DeskJournal;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KryoSerializerTest {
  private final KryoSerializer kryo = new KryoSerializer();

  private Object roundTrip(Object o) throws NotSerializableException {
    return kryo.fromBinary(kryo.toBinary(o), kryo.manifest(o));
  }

  @Test
  void everyJournalClassRoundTrips() throws Exception {
    OrderActor.Trail trail = OrderActor.Trail.EMPTY.then(new OrderActor.Accepted(1, "BINANCE:BTCUSDT", 5));
    List<Object> samples = List.of(
        new OrderActor.Accepted(1, "BINANCE:BTCUSDT", 5),
        new OrderActor.Filled(1, "BINANCE:BTCUSDT-PERP", 6, -12_345, 3_000_000_000_000L, 17, false),
        new OrderActor.Rejected(2, "BINANCE:BTCUSDT", 7, "VENUE_ERROR: injected"),
        new OrderActor.Canceled(3, "BINANCE:BTCUSDT", 8, "canceled"),
        new OrderActor.BreakerChanged("OPEN", 9),
        new OrderActor.Book(Map.of(4L, "BINANCE:BTCUSDT", 5L, "BINANCE:BTCUSDT-PERP"), 5, 4, 1, 1, "HALF_OPEN", trail),
        new OrderActor.Book(Map.of(), 0, 0, 0, 0, "CLOSED", OrderActor.Trail.EMPTY),
        trail,
        new DeskJournal.Progressed(42),
        new DeskJournal.Steered(43, new DeskJournal.PauseAsset("BINANCE:ETHUSDT", "operator")),
        new DeskJournal.Log(44, List.of(new DeskJournal.Steered(3, new DeskJournal.Kill("drill")),
            new DeskJournal.Steered(4, new DeskJournal.AddAsset("BINANCE:BTCUSDT")),
            new DeskJournal.Steered(5, new DeskJournal.RemoveAsset("BINANCE:BTCUSDT")),
            new DeskJournal.Steered(6, new DeskJournal.ResumeAsset("BINANCE:ETHUSDT")),
            new DeskJournal.Steered(7, new DeskJournal.FlattenAsset("BINANCE:ETHUSDT", "operator")),
            new DeskJournal.Steered(8, new DeskJournal.PauseNode("maintenance")),
            new DeskJournal.Steered(9, new DeskJournal.ResumeNode()),
            new DeskJournal.Steered(10, new DeskJournal.SetLimit("max-daily-loss", 0.01)))));
    for (Object sample : samples) {
      assertEquals(sample, roundTrip(sample));
    }
    // the status an asset entity on another node answers with
    AssetSupervisor.AssetStatus status = new AssetSupervisor.AssetStatus("BINANCE:BTCUSDT",
        io.fundarb.engine.risk.CircuitBreaker.State.HALF_OPEN, true, 0.5,
        java.util.EnumSet.of(io.fundarb.engine.risk.RiskRule.BAD_DATA), 7, 1, "carry", 3_600_000, 60_000, 14_400_000,
        new FeedActor.Counts(5, 1, 0, 2), io.fundarb.engine.risk.RiskLimits.defaults(2));
    assertEquals(status, roundTrip(status));
  }

  /** A Durable the registry does not list. */
  record Unlisted(String text) implements Durable {}

  @Test
  void onlyRegisteredDurableClassesAreWrittenOrRead() throws Exception {
    var write = assertThrows(IllegalArgumentException.class, () -> kryo.toBinary(new Unlisted("x")));
    assertTrue(write.getMessage().contains("KryoSerializer.REGISTERED"), write.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kryo.toBinary("not durable"));
    byte[] accepted = kryo.toBinary(new OrderActor.Accepted(1, "BINANCE:BTCUSDT", 5));
    var unlisted = assertThrows(NotSerializableException.class, () -> kryo.fromBinary(accepted, Unlisted.class.getName()));
    assertTrue(unlisted.getMessage().contains("not a registered Durable"), unlisted.getMessage());
    assertThrows(NotSerializableException.class, () -> kryo.fromBinary(accepted, "java.lang.ProcessBuilder"));
    assertThrows(NotSerializableException.class, () -> kryo.fromBinary(accepted, "no.such.Class"));
  }

  @Test
  void aCorruptedRowIsAClearErrorNotACrash() {
    byte[] book = kryo.toBinary(new OrderActor.Book(Map.of(4L, "X"), 1, 0, 0, 0, "CLOSED", OrderActor.Trail.EMPTY));
    byte[] truncated = java.util.Arrays.copyOf(book, book.length / 2);
    var e = assertThrows(NotSerializableException.class, () -> kryo.fromBinary(truncated, OrderActor.Book.class.getName()));
    assertTrue(e.getMessage().startsWith("cannot decode"), e.getMessage());
  }
}
