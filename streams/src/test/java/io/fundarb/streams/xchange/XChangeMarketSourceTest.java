package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.streams.loopback.LoopbackMarketServer;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The real XChange Stream client (netty, Binance combined streams) against the loopback
 * venue's websocket on 127.0.0.1: frames reach the graph, bad ones are counted drops, and a
 * dropped connection is re-established with backoff without duplicating an update.
 */
class XChangeMarketSourceTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("xchange-source-test");
  private static final long T0 = 1_700_000_000_000L;

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private static String ticker(long u, String bid, String ask) {
    return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + u + ",\"s\":\"BTCUSDT\",\"b\":\"" + bid
        + "\",\"B\":\"1\",\"a\":\"" + ask + "\",\"A\":\"1\"}}";
  }

  private static String mark(long time, String rate) {
    return "{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + time
        + ",\"s\":\"BTCUSDT\",\"p\":\"37011.5\",\"i\":\"37000\",\"P\":\"37005\",\"r\":\"" + rate + "\",\"T\":"
        + (time + 3_600_000) + "}}";
  }

  private static ServerBinding serve(LoopbackMarketServer.Feed feed) throws Exception {
    return LoopbackMarketServer.start(SYSTEM, 0, feed).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String base(ServerBinding binding, String market) {
    return "ws://127.0.0.1:" + binding.localAddress().getPort() + "/" + market + "/";
  }

  @Test
  void theXChangeClientDeliversLoopbackFramesAndBadOnesAreCountedDrops() throws Exception {
    ServerBinding binding = serve((market, streams) -> market.equals("spot")
        ? Source.from(List.of(ticker(1, "37000.1", "37000.2"), ticker(2, "NaN", "37000.2"), ticker(3, "37000.3", "37000.4")))
            .concat(Source.never())
        : Source.from(List.of(mark(T0, "0.0001"), mark(T0 + 1_000, "0.00012"))).concat(Source.never()));
    try {
      Drops drops = new Drops("loopback");
      Source<MarketUpdate, ?> spot = XChangeMarketSource.connect(base(binding, "spot"), Leg.SPOT,
          List.of("btcusdt@bookTicker"), 64, drops, () -> T0).via(MarketGraph.updates(drops, 65_536));
      Source<MarketUpdate, ?> perp = XChangeMarketSource.connect(base(binding, "futures"), Leg.PERP,
          List.of("btcusdt@markPrice"), 64, drops, () -> T0).via(MarketGraph.updates(drops, 65_536));
      TestSubscriber.Probe<MarketUpdate> spotOut = spot.runWith(TestSink.probe(SYSTEM), SYSTEM);
      TestSubscriber.Probe<MarketUpdate> perpOut = perp.runWith(TestSink.probe(SYSTEM), SYSTEM);
      spotOut.request(10);
      perpOut.request(10);
      assertEquals(1, ((MarketUpdate.BookTicker) spotOut.expectNext(Duration.ofSeconds(10))).updateId());
      MarketUpdate.BookTicker third = (MarketUpdate.BookTicker) spotOut.expectNext(Duration.ofSeconds(10));
      assertEquals(Fixed.parse("37000.3"), third.bid());
      MarketUpdate.MarkPrice m = (MarketUpdate.MarkPrice) perpOut.expectNext(Duration.ofSeconds(10));
      assertEquals(Leg.PERP, m.leg());
      assertInstanceOf(MarketUpdate.MarkPrice.class, perpOut.expectNext(Duration.ofSeconds(10)));
      assertEquals(1, drops.count(DropReason.NOT_A_NUMBER));
      spotOut.cancel();
      perpOut.cancel();
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDroppedConnectionIsReestablishedWithBackoffAndNothingIsDeliveredTwice() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    // each connection re-sends the previous connection's last ticker, sends two new ones and hangs up
    ServerBinding binding = serve((market, streams) -> {
      long n = connections.incrementAndGet();
      List<String> resent = n == 1 ? List.of() : List.of(ticker(2 * n - 2, "100", "101"));
      return Source.from(resent).concat(Source.from(List.of(ticker(2 * n - 1, "100", "101"), ticker(2 * n, "100", "101"))));
    });
    try {
      Drops drops = new Drops("loopback");
      TestSubscriber.Probe<MarketUpdate> out = XChangeMarketSource.resilient(Duration.ofMillis(50),
              Duration.ofMillis(200), 0.1, base(binding, "spot"), Leg.SPOT, List.of("btcusdt@bookTicker"), 64, drops,
              () -> T0)
          .via(MarketGraph.updates(drops, 65_536))
          .runWith(TestSink.probe(SYSTEM), SYSTEM);
      out.request(10);
      for (long id = 1; id <= 6; id++) {
        assertEquals(id, ((MarketUpdate.BookTicker) out.expectNext(Duration.ofSeconds(15))).updateId());
      }
      assertTrue(connections.get() >= 3, "reconnected after each hang-up: " + connections.get());
      assertTrue(drops.count(DropReason.DUPLICATE) >= 2, "the re-sent frames were dropped, not delivered twice");
      out.cancel();
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
