package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The loopback venue's user-data streams through the JDK's own websocket client: listen keys opened,
 * kept alive and closed over REST; each order's NEW and TRADE events and the account it moved, on
 * spot and futures; funding as an ACCOUNT_UPDATE; an unrenewed key expiring with
 * {@code listenKeyExpired}.
 */
class UserDataStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("uds-key", "uds-secret");
  private static final ActorSystem SYSTEM = ActorSystem.create("user-data-stream-test");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  /** A venue on a free port with BTCUSDT quoted on both markets and both accounts funded. */
  private static String start(LoopbackVenue venue) throws Exception {
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.deposit("USDT", Fixed.ofUnits(100_000));
    venue.depositFutures(Fixed.ofUnits(100_000));
    venue.quote("BTCUSDT", Fixed.parse("40000"), Fixed.parse("1"), Fixed.parse("40001"), Fixed.parse("1"));
    venue.quotePerp("BTCUSDT", Fixed.parse("40010"), Fixed.parse("1"), Fixed.parse("40011"), Fixed.parse("1"),
        Rate.parse("0.0001"), 0);
    return "127.0.0.1:" + venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress()
        .getPort();
  }

  private static LoopbackVenue venue() {
    return new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis,
        (m, s) -> Source.never());
  }

  @Test
  void ordersAndFundingArriveAsBinancesAccountEvents() throws Exception {
    LoopbackVenue venue = venue();
    String host = start(venue);
    String spotKey = rest(host, "POST", "/api/v3/userDataStream", "").get("listenKey").asText();
    assertEquals(spotKey, rest(host, "POST", "/api/v3/userDataStream", "").get("listenKey").asText(),
        "an account has one key per market: opening again returns it");
    String futuresKey = rest(host, "POST", "/fapi/v1/listenKey", "").get("listenKey").asText();
    Frames spot = Frames.connect(host, "/spot/ws/" + spotKey);
    Frames futures = Frames.connect(host, "/futures/ws/" + futuresKey);

    signed(host, "POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=s-1");
    JsonNode created = spot.next();
    assertEquals("executionReport", created.get("e").asText());
    assertEquals(List.of("NEW", "NEW", "s-1"), List.of(created.get("x").asText(), created.get("X").asText(),
        created.get("c").asText()));
    JsonNode traded = spot.next();
    assertEquals(List.of("TRADE", "FILLED", "0.5", "40001", "20.0005"), List.of(traded.get("x").asText(),
        traded.get("X").asText(), traded.get("l").asText(), traded.get("L").asText(), traded.get("n").asText()));
    JsonNode position = spot.next();
    assertEquals("outboundAccountPosition", position.get("e").asText());
    assertEquals("0.5", balance(position, "BTC"));
    assertEquals(Fixed.toString(venue.balance("USDT")), balance(position, "USDT"));

    signed(host, "POST", "/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.5&newClientOrderId=p-1");
    assertEquals("NEW", futures.next().get("o").get("x").asText());
    JsonNode update = futures.next();
    assertEquals("ORDER_TRADE_UPDATE", update.get("e").asText());
    assertEquals(List.of("TRADE", "FILLED", "p-1", "0.5", "40010"), List.of(update.get("o").get("x").asText(),
        update.get("o").get("X").asText(), update.get("o").get("c").asText(), update.get("o").get("l").asText(),
        update.get("o").get("L").asText()));
    JsonNode account = futures.next();
    assertEquals(List.of("ACCOUNT_UPDATE", "ORDER", "-0.5"), List.of(account.get("e").asText(),
        account.get("a").get("m").asText(), account.get("a").get("P").get(0).get("pa").asText()));
    assertEquals(Fixed.toString(venue.futuresWallet()), account.get("a").get("B").get(0).get("wb").asText());

    // a short of 0.5 receives 0.0001 x 0.5 x 40,000 = 2 USDT of funding
    venue.settleFunding("BTCUSDT", System.currentTimeMillis(), Rate.parse("0.0001"), Fixed.parse("40000"));
    JsonNode funding = futures.next();
    assertEquals(List.of("FUNDING_FEE", "2"), List.of(funding.get("a").get("m").asText(),
        funding.get("a").get("B").get(0).get("bc").asText()));

    rest(host, "PUT", "/fapi/v1/listenKey", "");
    rest(host, "DELETE", "/api/v3/userDataStream", "listenKey=" + spotKey);
    assertTrue(spot.closed.get(10, TimeUnit.SECONDS) != null, "closing the key ends its connections");
    assertEquals(-1125, rest(host, "PUT", "/api/v3/userDataStream", "listenKey=" + spotKey).get("code").asInt());
    String keyless = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + "/fapi/v1/listenKey"))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertEquals(-2015, JSON.readTree(keyless).get("code").asInt(), "no API key, no stream");
  }

  @Test
  void aKeyNotKeptAliveExpiresAndItsConnectionIsTold() throws Exception {
    LoopbackVenue venue = venue();
    venue.listenKeyValidity(Duration.ofMillis(500), Duration.ofMillis(50));
    String host = start(venue);
    String key = rest(host, "POST", "/fapi/v1/listenKey", "").get("listenKey").asText();
    Frames futures = Frames.connect(host, "/futures/ws/" + key);
    JsonNode expired = futures.next();
    assertEquals("listenKeyExpired", expired.get("e").asText());
    assertEquals(key, expired.get("listenKey").asText());
    assertTrue(futures.closed.get(10, TimeUnit.SECONDS) != null);
    assertEquals(-1125, rest(host, "PUT", "/fapi/v1/listenKey", "").get("code").asInt());
    String fresh = rest(host, "POST", "/fapi/v1/listenKey", "").get("listenKey").asText();
    assertTrue(!fresh.equals(key), "a new key after the old one lapsed");
  }

  private static String balance(JsonNode position, String asset) {
    for (JsonNode b : position.get("B")) {
      if (b.get("a").asText().equals(asset)) {
        return b.get("f").asText();
      }
    }
    throw new AssertionError(asset + " missing from " + position);
  }

  /** A listen-key request: API key header, no signature. */
  private static JsonNode rest(String host, String method, String path, String query) throws Exception {
    return new VenueRequests("http://" + host, KEYS).keyed(method, path, query);
  }

  private static JsonNode signed(String host, String method, String path, String params) throws Exception {
    return new VenueRequests("http://" + host, KEYS).signed(method, path, params);
  }

  /** The text frames of one websocket connection, each waited for with a deadline. */
  private static final class Frames implements WebSocket.Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    static Frames connect(String host, String path) throws Exception {
      Frames frames = new Frames();
      HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://" + host + path), frames).get(10, TimeUnit.SECONDS);
      return frames;
    }

    JsonNode next() throws Exception {
      String text = received.poll(10, TimeUnit.SECONDS);
      if (text == null) {
        throw new AssertionError("no frame within 10 s");
      }
      return JSON.readTree(text);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      closed.complete(status);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.complete(-1);
    }
  }
}
