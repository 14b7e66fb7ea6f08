package io.fundarb.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.node.ReplayJournal;
import io.fundarb.actors.node.Run;
import io.fundarb.actors.node.Steering;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.RejectReason;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.risk.NotionalReservations;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.trading.AssetBooks;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.io.NotSerializableException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KryoSerializerTest {
  private final KryoSerializer kryo = new KryoSerializer();
  private static final InstrumentId SPOT = InstrumentId.parse("BINANCE:BTCUSDT-SPOT");
  private static final InstrumentId PERP = InstrumentId.parse("BINANCE:BTCUSDT-PERP");

  private Object roundTrip(Object o) throws NotSerializableException {
    return kryo.fromBinary(kryo.toBinary(o), kryo.manifest(o));
  }

  private static List<Object> samples() {
    Fill fill = new Fill(1_000_000, SPOT, 6, Side.BUY, Price.of("42000.5"), new Quantity(Fixed.parse("0.1")), 17, 3,
        Liquidity.TAKER, new Quantity(0));
    List<VenueReport> reports = List.of(new VenueReport.Accepted(1_000_000, SPOT, 5), new VenueReport.Filled(fill),
        new VenueReport.Rejected(new Rejection(2_000_000, PERP, 7, RejectReason.VENUE_ERROR, "injected")),
        new VenueReport.Canceled(new Cancellation(3_000_000, PERP, 8, new Quantity(5), "cancelled")),
        new VenueReport.Funded(PERP, 9, 100_000_000_000_000L, Fixed.ofUnits(42_000), -12_345),
        new VenueReport.MarginMoved(4_000_000, PERP, 10, Fixed.ofUnits(5)));
    List<VenueRequest> requests = List.of(new VenueRequest.Submit(OrderRequest.market(5_000_000, SPOT, Side.SELL,
        new Quantity(Fixed.parse("0.2")), false)), new VenueRequest.Cancel(PERP, 6_000_000),
        new VenueRequest.Transfer(7_000_000, PERP, -Fixed.ofUnits(3)));
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
    AssetBooks books = new AssetBooks(universe, 0, PlannerSettings.defaults(), 1, Fixed.ofUnits(45_000), false);
    reports.forEach(books::apply);
    OrderActor.Mode mode = new OrderActor.Mode(true, false, false, "operator");
    OrderActor.Trail trail = OrderActor.Trail.EMPTY;
    AccountState state = new AccountState(false, true, 0.5, Fixed.ofUnits(10));
    MarketStep step = new MarketStep(3_600_000, List.of(new MarketEvent.Bar(Leg.SPOT, 1, 2, 1, 2, 3, 4.5, 6),
        new MarketEvent.Quote(Leg.PERP, 1, 2, 3, 4), new MarketEvent.Mark(Leg.PERP, 5), new MarketEvent.Funding(6),
        new MarketEvent.Sentiment(50)));
    return List.of(
        new OrderActor.Booked(3, reports), new OrderActor.Sent(4, 0.5, requests), new OrderActor.ReservationHeld(9),
        new OrderActor.ModeChanged(mode), new OrderActor.BreakerChanged("OPEN", 9), new OrderActor.StartedOver(),
        new OrderActor.Snapshot(books.snapshot(), trail, trail, 1, 2, 3, 4, 5, mode, "HALF_OPEN", 6, null, 7, 8),
        new OrderActor.Book("BINANCE:BTCUSDT", new long[] {1, 2}, 1, 2, 3, 4, "CLOSED", mode, 5, 0.5, trail,
            books.ledgerSnapshot()),
        new OrderActor.Started("BINANCE:BTCUSDT", 4), new OrderActor.Verified("BINANCE:BTCUSDT", 4, 0, null),
        new AccountActor.Reserved("BINANCE:BTCUSDT", 9), new AccountActor.LimitSet("max-position", 0.5),
        new AccountActor.Killed("drill"), new AccountActor.BudgetChanged(new DailyLossBudget(3, 100, true)),
        new AccountActor.StartedOver(), new AccountActor.State(new TunableLimits(1, 1, 0.02), "drill",
            DailyLossBudget.NEW, NotionalReservations.NONE.with("BINANCE:BTCUSDT", 7)),
        new AccountActor.View(new TunableLimits(1, 1, 0.02), new TunableLimits(1, 1, 0.02), null, false, -0.01,
            Map.of("BINANCE:BTCUSDT", 7L), 9, 10, 11),
        new ReplayJournal.Progressed(42), new ReplayJournal.SteeredAt(new Run.Steered(43,
            new Steering.PauseAsset("BINANCE:ETHUSDT", "operator"))),
        new Run.Log(44, List.of(new Run.Steered(3, new Steering.Kill("drill")),
            new Run.Steered(4, new Steering.AddAsset("BINANCE:BTCUSDT")),
            new Run.Steered(5, new Steering.RemoveAsset("BINANCE:BTCUSDT")),
            new Run.Steered(6, new Steering.ResumeAsset("BINANCE:ETHUSDT")),
            new Run.Steered(7, new Steering.FlattenAsset("BINANCE:ETHUSDT", "operator")),
            new Run.Steered(8, new Steering.PauseNode("maintenance")), new Run.Steered(9, new Steering.ResumeNode()),
            new Run.Steered(10, new Steering.SetLimit("max-daily-loss", 0.01)),
            new Run.Steered(11, new Steering.UseModel("long_term", "v0002")))),
        new AssetEntity.Market(7, step), new AssetEntity.Account(state), new AssetEntity.Steer(new Steering.ResumeNode()),
        new AssetEntity.Trip("mismatch", 5), state);
  }

  @Test
  void everyJournalAndProtocolClassRoundTrips() throws Exception {
    for (Object sample : samples()) {
      Object back = roundTrip(sample);
      assertEquals(sample.getClass(), back.getClass());
      assertArrayEquals(kryo.toBinary(sample), kryo.toBinary(back), "round trip of " + sample);
      if (!(sample instanceof OrderActor.Snapshot) && !(sample instanceof OrderActor.Book)) {
        assertEquals(sample, back); // records holding arrays compare by reference: checked by their bytes above
      }
    }
  }

  /**
   * Every message and event a node journals or sends to another node is registered (a public member
   * of the protocols' sealed interfaces); private members are asked and answered within one node.
   */
  @Test
  void everyPublicMemberOfTheDurableProtocolsIsRegistered() {
    List<String> missing = new ArrayList<>();
    for (Class<?> protocol : List.of(AssetEntity.Command.class, AccountActor.Command.class, AccountActor.Event.class,
        AccountActor.SteerReply.class, OrderActor.Event.class, ReplayJournal.Event.class, Steering.class)) {
      for (Class<?> member : protocol.getPermittedSubclasses()) {
        if (Modifier.isPublic(member.getModifiers()) && !KryoSerializer.REGISTERED.contains(member)) {
          missing.add(member.getName());
        }
      }
    }
    assertEquals(List.of(), missing, "add them to KryoSerializer.REGISTERED (append only)");
  }

  /** A Durable the registry does not list. */
  record Unlisted(String text) implements Durable {}

  @Test
  void onlyRegisteredDurableClassesAreWrittenOrRead() throws Exception {
    var write = assertThrows(IllegalArgumentException.class, () -> kryo.toBinary(new Unlisted("x")));
    assertTrue(write.getMessage().contains("KryoSerializer.REGISTERED"), write.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kryo.toBinary("not durable"));
    byte[] progressed = kryo.toBinary(new ReplayJournal.Progressed(1));
    var unlisted = assertThrows(NotSerializableException.class,
        () -> kryo.fromBinary(progressed, Unlisted.class.getName()));
    assertTrue(unlisted.getMessage().contains("not a registered Durable"), unlisted.getMessage());
    assertThrows(NotSerializableException.class, () -> kryo.fromBinary(progressed, "java.lang.ProcessBuilder"));
    assertThrows(NotSerializableException.class, () -> kryo.fromBinary(progressed, "no.such.Class"));
  }

  @Test
  void aCorruptedRowIsAClearErrorNotACrash() {
    byte[] booked = kryo.toBinary(samples().get(0));
    byte[] truncated = java.util.Arrays.copyOf(booked, booked.length / 2);
    var e = assertThrows(NotSerializableException.class,
        () -> kryo.fromBinary(truncated, OrderActor.Booked.class.getName()));
    assertTrue(e.getMessage().startsWith("cannot decode"), e.getMessage());
  }
}
