package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.money.Fixed;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.QuotedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The node's user-data client against the loopback venue: futures orders' outcomes told by the
 * stream instead of looked up, a lost order answer settled by the stream without a look-up or a
 * second order, an order the node did not send reported at once, an expired key replaced (with a
 * REST resync), and with no stream at all the REST look-up still counting every order once.
 */
class UserDataStreamTest {
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("uds-key", "uds-secret");
  /** The client drops a connection silent for a second: only the stream's pings keep a quiet account's up. */
  private static final ActorSystem SYSTEM = ActorSystem.create("user-data-client-test",
      com.typesafe.config.ConfigFactory.parseString("pekko.http.client.idle-timeout = 1s")
          .withFallback(com.typesafe.config.ConfigFactory.load()));
  private static final Duration FAST = Duration.ofMillis(50);
  private static final Duration PING = Duration.ofMillis(300);

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private record Setup(QuotedVenue venue, BinanceVenueClient client, UserDataStream stream, AtomicInteger resyncs,
      AtomicInteger outside) implements AutoCloseable {
    @Override
    public void close() {
      stream.close();
    }
  }

  private static Setup setup(VenueFaults faults, String socketPath) throws Exception {
    return setup(faults, socketPath, venue -> { });
  }

  private static Setup setup(VenueFaults faults, String socketPath, Consumer<LoopbackVenue> first) throws Exception {
    QuotedVenue quoted = QuotedVenue.start(KEYS, faults, "10", SYSTEM);
    first.accept(quoted.venue());
    BinanceVenueClient client = BinanceVenueClient.connect(quoted.url(), quoted.url(), KEYS.apiKey(), KEYS.secret(),
        new RetryDelay(20, 200, 4));
    AtomicInteger resyncs = new AtomicInteger();
    AtomicInteger outside = new AtomicInteger();
    String ws = quoted.url().replace("http://", "ws://");
    UserDataStream stream = UserDataStream.start(new UserDataStream.Settings(quoted.url(), quoted.url(),
        ws + "/spot" + socketPath, ws + "/futures" + socketPath, FAST, FAST, 0, Duration.ofMinutes(30), PING),
        KEYS.apiKey(), resyncs::incrementAndGet, outside::incrementAndGet, SYSTEM);
    client.listen(stream);
    return new Setup(quoted, client, stream, resyncs, outside);
  }

  @Test
  void futuresOutcomesComeFromTheStreamAndALostAnswerIsSettledWithoutASecondOrder() throws Exception {
    // every second order executes but its answer is lost (503)
    VenueFaults lose = new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 0, 2, 0, 1);
    try (Setup s = setup(lose, "/")) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.resyncs.get() == 2); // both legs connected
      BinanceVenueClient.Execution first = s.client.limitIocOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.5"),
          Fixed.parse("40000"), false, "fa-BTCUSDT-t1-1-P0");
      assertEquals(new BinanceVenueClient.Execution(-Fixed.parse("0.5"), Fixed.parse("20005")), first);
      BinanceVenueClient.Execution lost = s.client.limitIocOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.25"),
          Fixed.parse("40000"), false, "fa-BTCUSDT-t1-2-P0");
      assertEquals(new BinanceVenueClient.Execution(-Fixed.parse("0.25"), Fixed.parse("10002.5")), lost);
      assertEquals(1, s.stream.toldAndLookedUp()[0], "the first order's outcome told by the stream");
      assertEquals(0, s.stream.toldAndLookedUp()[1], "no order waited for the stream in vain");
      assertEquals(0, s.venue.venue().duplicateOrdersRefused(), "the lost one was settled, never sent twice");
      assertEquals(-Fixed.parse("0.75"), s.venue.venue().position("BTCUSDT"));
      assertEquals(0, s.outside.get());

      s.venue.venue().tradeOutsideTheNode("BTCUSDT", Fixed.parse("0.1"));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.outside.get() == 1);
    }
  }

  @Test
  void anExpiredKeyIsReplacedAndTheAccountResyncedOverRest() throws Exception {
    // keys that lapse after 300 ms without a keep-alive: each connection is told listenKeyExpired
    try (Setup s = setup(VenueFaults.NONE, "/", venue -> venue.listenKeyValidity(Duration.ofMillis(300), FAST))) {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> s.stream.connections(Leg.PERP) >= 3);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> s.resyncs.get() >= 5);
      s.venue.venue().listenKeyValidity(Duration.ofMinutes(60), FAST); // the next key lasts
      AtomicLong seen = new AtomicLong(-1);
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(700))
          .until(() -> seen.getAndSet(s.stream.connections(Leg.PERP)) == s.stream.connections(Leg.PERP));
      BinanceVenueClient.Execution after = s.client.limitIocOrder(Leg.PERP, "BTCUSDT", Fixed.parse("0.5"),
          Fixed.parse("40100"), false, "fa-BTCUSDT-t2-1-P0");
      assertEquals(Fixed.parse("0.5"), after.quantity());
      assertEquals(1, s.stream.toldAndLookedUp()[0], "the new key's stream told it");
    }
  }

  @Test
  void aQuietAccountsStreamStaysConnected() throws Exception {
    try (Setup s = setup(VenueFaults.NONE, "/")) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.resyncs.get() == 2);
      Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> s.stream.connections(Leg.SPOT) == 1 && s.stream.connections(Leg.PERP) == 1);
    }
  }

  @Test
  void withoutAStreamEveryOrderIsStillLookedUpOnce() throws Exception {
    try (Setup s = setup(VenueFaults.NONE, "/nowhere/")) { // no such websocket: the stream never connects
      BinanceVenueClient.Execution e = s.client.limitIocOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.5"),
          Fixed.parse("40000"), false, "fa-BTCUSDT-t3-1-P0");
      assertEquals(new BinanceVenueClient.Execution(-Fixed.parse("0.5"), Fixed.parse("20005")), e);
      assertArrayEquals(new long[] {0, 1}, s.stream.toldAndLookedUp());
      assertEquals(0, s.resyncs.get());
    }
  }
}
