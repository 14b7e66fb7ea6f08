package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.xchange.PinnedBinanceExchange;
import io.fundarb.streams.xchange.XChangeMarketSource;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.ExchangeType;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.derivative.FuturesContract;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.trade.MarketOrder;

/** Every fault the loopback venue injects, seen through the real clients. */
class VenueFaultsTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("venue-faults-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("k", "s");

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private static LoopbackVenue venue(VenueFaults faults, LoopbackMarketServer.Feed feed) {
    LoopbackVenue venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"),
        System::currentTimeMillis, feed, faults);
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.deposit("USDT", Fixed.ofUnits(100_000));
    venue.depositFutures(Fixed.ofUnits(100_000));
    venue.quote("BTCUSDT", Fixed.parse("100"), Fixed.parse("50"), Fixed.parse("101"), Fixed.parse("50"));
    venue.quotePerp("BTCUSDT", Fixed.parse("100"), Fixed.parse("50"), Fixed.parse("101"), Fixed.parse("50"), 0, 0);
    return venue;
  }

  private static int port(LoopbackVenue venue) throws Exception {
    return venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
  }

  private static Exchange client(int port, ExchangeType type) {
    ExchangeSpecification spec = new ExchangeSpecification(PinnedBinanceExchange.class);
    spec.setSslUri("http://127.0.0.1:" + port);
    spec.setApiKey(KEYS.apiKey());
    spec.setSecretKey(KEYS.secret());
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(BinanceExchange.EXCHANGE_TYPE, type);
    return ExchangeFactory.INSTANCE.createExchange(spec);
  }

  private static int code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BinanceException b) {
        return b.getCode();
      }
    }
    throw new AssertionError("no BinanceException in " + e);
  }

  private static MarketOrder buy(org.knowm.xchange.instrument.Instrument instrument) {
    return new MarketOrder.Builder(Order.OrderType.BID, instrument).originalAmount(new BigDecimal("0.1")).build();
  }

  @Test
  void faultsAreOnlyOnWhenOneIsSwitchedOn() {
    assertTrue(!VenueFaults.NONE.any());
    assertTrue(!new VenueFaults(0, 5, 0, 0, "both", 0, 0, java.time.Duration.ZERO, 0, 0, 0, 7).any(),
        "another seed or Retry-After switches nothing on");
    assertTrue(new VenueFaults(0, 1, 0, 0, "both", 0, 0, java.time.Duration.ZERO, 0, 3, 0, 7).any());
  }

  @Test
  void rateLimitsComeWithRetryAfterAndServerErrorsAre503() throws Exception {
    int port = port(venue(new VenueFaults(3, 2, 5, 0, "both", 0, 0, Duration.ZERO, 0, 0, 0, 1), (m, s) -> Source.never()));
    Exchange spot = client(port, ExchangeType.SPOT);
    spot.getAccountService().getAccountInfo();
    spot.getAccountService().getAccountInfo();
    var limited = assertThrows(Exception.class, () -> spot.getAccountService().getAccountInfo());
    assertEquals(-1003, code(limited));
    spot.getAccountService().getAccountInfo();
    var failed = assertThrows(Exception.class, () -> spot.getAccountService().getAccountInfo());
    assertEquals(-1001, code(failed));
    // the header itself, as a client that honours it sees it (request 6 is rate limited again)
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/v3/account?timestamp=1&signature=x"))
        .header("X-MBX-APIKEY", KEYS.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(429, raw.statusCode());
    assertEquals("2", raw.headers().firstValue("Retry-After").orElse(""));
  }

  @Test
  void oneLegOfAHedgeFailsWhenOnlyFuturesOrdersAreRejected() throws Exception {
    LoopbackVenue venue = venue(new VenueFaults(0, 1, 0, 1.0, "futures", 0, 0, Duration.ZERO, 0, 0, 0, 1),
        (m, s) -> Source.never());
    int port = port(venue);
    client(port, ExchangeType.SPOT).getTradeService().placeMarketOrder(buy(CurrencyPair.BTC_USDT));
    var rejected = assertThrows(Exception.class, () -> client(port, ExchangeType.FUTURES).getTradeService()
        .placeMarketOrder(buy(new FuturesContract("BTC/USDT/PERP"))));
    assertEquals(-2010, code(rejected));
    assertEquals(Fixed.parse("0.1"), venue.balance("BTC"), "the spot leg filled");
    assertEquals(0, venue.position("BTCUSDT"), "the perp leg did not: an orphan the execution layer must repair");
  }

  @Test
  void droppedMalformedDelayedFramesAndDisconnectsNeverDeliverAnUpdateTwiceOrOutOfOrder() throws Exception {
    AtomicLong nextId = new AtomicLong();
    AtomicInteger connections = new AtomicInteger();
    LoopbackMarketServer.Feed feed = (market, streams) -> {
      connections.incrementAndGet();
      return Source.repeat(0).map(any -> {
        long u = nextId.incrementAndGet();
        return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + u
            + ",\"s\":\"BTCUSDT\",\"b\":\"100\",\"B\":\"1\",\"a\":\"101\",\"A\":\"1\"}}";
      }).throttle(200, Duration.ofSeconds(1));
    };
    int port = port(venue(new VenueFaults(0, 1, 0, 0, "both", 4, 6, Duration.ofMillis(2), 10, 0, 0, 1), feed));
    Drops drops = new Drops("faults");
    List<MarketUpdate> got = XChangeMarketSource.resilient(Duration.ofMillis(20), Duration.ofMillis(100), 0.1,
            "ws://127.0.0.1:" + port + "/spot/", Leg.SPOT, List.of("btcusdt@bookTicker"), 64, drops,
            System::currentTimeMillis)
        .via(MarketGraph.updates(drops, 65_536))
        .take(30)
        .runWith(Sink.seq(), SYSTEM).toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<Long> ids = new ArrayList<>();
    got.forEach(u -> ids.add(((MarketUpdate.BookTicker) u).updateId()));
    for (int k = 1; k < ids.size(); k++) {
      assertTrue(ids.get(k) > ids.get(k - 1), "strictly increasing, no repeats: " + ids);
    }
    assertTrue(connections.get() >= 3, "disconnected after 10 frames and reconnected: " + connections.get());
    assertTrue(ids.get(ids.size() - 1) - ids.get(0) + 1 > ids.size(), "dropped and malformed frames are missing");
    assertTrue(drops.count(DropReason.MALFORMED) > 0, "a cut frame is a counted drop, not one the client logs and loses");
  }
}
