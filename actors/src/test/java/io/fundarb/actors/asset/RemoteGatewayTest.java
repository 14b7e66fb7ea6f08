package io.fundarb.actors.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An asset on a member without a venue connection trades through the connection another node
 * offers: its calls reach that node's gateway in order (held while none is listed), its outcomes
 * come back to it, blocking questions are answered — every message through the Kryo serializer
 * ({@code serialize-messages = on}), so a message that cannot cross nodes fails here.
 */
class RemoteGatewayTest {
  private static final InstrumentId SPOT = InstrumentId.parse("BINANCE:BTCUSDT-SPOT");
  private static final LegMarket MARKET = new LegMarket(Fixed.ofUnits(42_000), Fixed.ofUnits(10), Fixed.parse("0.00001"),
      Fixed.parse("0.01"), Fixed.ofUnits(5));

  private final ActorTestKit kit = ActorTestKit.create("remote-gateway", ConfigFactory.parseString(
      "pekko.actor.provider = local\npekko.actor.serialize-messages = on")
      .withFallback(ConfigFactory.parseResources("fundarb-node.conf")).withFallback(ConfigFactory.load()));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  /** The connected node's side: what it was asked, and a fill for every order it is sent (in an ArrayList, as the venue builds them). */
  private static final class Connection implements OrderGateway {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Consumer<List<VenueReport>> reports;

    @Override
    public void attach(int asset, long spot, long perp, int inFlight, Consumer<List<VenueReport>> reports,
        Consumer<Reconciliation.Mismatch> mismatches) {
      calls.add("attach " + asset + " " + spot + " " + perp + " " + inFlight);
      this.reports = reports;
      mismatches.accept(new Reconciliation.Mismatch("BINANCE:BTCUSDT", io.fundarb.engine.instrument.Leg.PERP, 1, 2));
    }

    @Override
    public void send(int asset, List<VenueRequest> requests, LegMarket spot, LegMarket perp) {
      calls.add("send " + asset + " " + requests.size() + " " + spot.reference());
      List<VenueReport> out = new ArrayList<>();
      for (VenueRequest r : requests) {
        OrderRequest o = ((VenueRequest.Submit) r).order();
        out.add(new VenueReport.Filled(fill(o.clientOrderId())));
      }
      reports.accept(out);
    }

    @Override
    public List<VenueReport> resolve(int asset, long[] inFlight) {
      calls.add("resolve " + asset + " " + inFlight.length);
      return new ArrayList<>(List.of(new VenueReport.Filled(fill(inFlight[0]))));
    }

    @Override
    public Reconciliation.Holding holding(int asset) {
      return new Reconciliation.Holding(Fixed.parse("0.5"), -Fixed.parse("0.5"));
    }
  }

  private static Fill fill(long id) {
    return new Fill(id, SPOT, 6, Side.BUY, Price.of("42000.5"), new Quantity(Fixed.parse("0.1")), 17, 3,
        Liquidity.TAKER, new Quantity(0));
  }

  @Test
  void callsMadeBeforeTheConnectionIsListedReachItInOrderAndOutcomesComeBack() {
    RemoteGateway remote = RemoteGateway.start(kit.system(), "BINANCE");
    List<List<VenueReport>> heard = new CopyOnWriteArrayList<>();
    List<Reconciliation.Mismatch> mismatches = new CopyOnWriteArrayList<>();
    remote.attach(0, 5, -5, 0, heard::add, mismatches::add);
    remote.send(0, List.of(new VenueRequest.Submit(OrderRequest.market(1_000_000, SPOT, Side.BUY,
        new Quantity(Fixed.parse("0.1")), false))), MARKET, MARKET);

    Connection connection = new Connection(); // offered only now: the member started before the run's node
    VenueGatewayActor.offer(kit.system(), "BINANCE", connection);

    Awaitility.await("the outcome of the order sent before the connection was listed").atMost(Duration.ofSeconds(10))
        .until(() -> heard.size() == 1);
    assertEquals(List.of("attach 0 5 -5 0", "send 0 1 " + Fixed.ofUnits(42_000)), connection.calls);
    assertEquals(List.of(new VenueReport.Filled(fill(1_000_000))), heard.get(0));
    assertEquals(1, mismatches.size());
    assertEquals(List.of(new VenueReport.Filled(fill(2_000_000))), remote.resolve(0, new long[] {2_000_000}));
    assertEquals(new Reconciliation.Holding(Fixed.parse("0.5"), -Fixed.parse("0.5")), remote.holding(0));
  }
}
