package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.SharedData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a node trading on a venue that outlives it, in the middle of a hedge, then the same
 * command with the same run directory. The venue (the loopback venue, in this JVM) holds the perp
 * leg of the node's first hedge while the spot leg executes; the node is killed right then and the
 * held leg never executes. The restarted node recovers each asset's journal, asks the venue by
 * client id what its in-flight orders did (the spot leg filled, the perp leg never arrived), books
 * that without sending anything again, adopts the positions (they match), completes the hedge, and
 * ends holding exactly what the venue holds, hedged, with no client order id seen twice.
 */
class ConnectedCrashRecoveryTest {
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("crash-key", "crash-secret");

  @TempDir Path tmp;

  @Test
  void aNodeKilledBetweenTheLegsOfAHedgeResolvesItsOrdersAtTheVenueAndEndsHedged() throws Exception {
    MarketData data = MarketDataLoader.load(DataCatalog.scan(SharedData.dir()), new MarketDataLoader.Request(
        "BINANCE", List.of("BTCUSDT", "ETHUSDT"), 0, Times.parse("2023-11-01"), Times.parse("2023-12-01"), false))
        .data();
    CompletableFuture<Void> open = new CompletableFuture<>();
    AtomicReference<String> heldPerp = new AtomicReference<>();
    CountDownLatch perpHeld = new CountDownLatch(1);
    CountDownLatch killed = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean(true);
    // 90 bars at 40,000x: 720 ms a bar, about a minute in all; the node's first hedge comes in its first steps
    try (LoopbackServer venue = LoopbackServer.start(data,
        TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT"), RealData.VENUE, Rate.ofBps("1"), Rate.parse("0.1"),
        Fixed.ofUnits(1_000_000), KEYS, VenueFaults.NONE, 40_000, 0, open)) {
      venue.venue().onOrderArrival((id, nanos) -> {
        if (id.contains("-P") && holding.get()) { // every perp leg of the first node waits here until it is dead
          heldPerp.compareAndSet(null, id);
          perpHeld.countDown();
          await(killed);
          throw new IllegalStateException("the connection is gone: " + id + " never executes");
        }
      });
      Thread opener = new Thread(() -> { // the market opens once the node's two websockets are connected
        Awaitility.await("the node's websockets").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
            .until(() -> venue.venue().websocketConnections() >= 2);
        open.complete(null);
      });
      opener.setDaemon(true);
      opener.start();
      Path run = tmp.resolve("run");

      Process first = node(venue, run);
      StringBuffer firstOutput = ChildJvm.drain(first);
      assertTrue(perpHeld.await(120, TimeUnit.SECONDS), "the node's first hedge reached the venue");
      awaitSpotLegExecuted(venue);
      first.destroyForcibly(); // SIGKILL, mid-hedge
      assertTrue(first.waitFor(60, TimeUnit.SECONDS));
      assertEquals(137, first.exitValue());
      holding.set(false);
      killed.countDown();
      long spotAtKill = venue.venue().balance("BTC") + venue.venue().balance("ETH");
      assertTrue(spotAtKill > 0, "the spot leg executed before the kill");
      assertEquals(0, venue.venue().position("BTCUSDT") + venue.venue().position("ETHUSDT"),
          "and no perp leg: the node died between the legs");

      Process second = node(venue, run);
      StringBuffer output = ChildJvm.drain(second);
      boolean ended = second.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        second.destroyForcibly();
      }
      String out = output.toString();
      // both nodes' output, kept as the transcript of a kill and its recovery (docs/RUNTIME.md)
      Path transcript = Files.createDirectories(Path.of("target", "connected-crash-recovery"));
      Files.writeString(transcript.resolve("first-node.log"), firstOutput + "(SIGKILL with " + heldPerp.get()
          + " held at the venue)\n");
      Files.writeString(transcript.resolve("second-node.log"), out);
      assertTrue(ended, "the resumed run ends within 5 minutes: " + out);
      assertEquals(0, second.exitValue(), out);
      assertTrue(out.contains("resuming run"), "the same run, from its journal: " + out);
      assertTrue(out.contains("resolved at the venue"), "the in-flight orders were asked for by id: " + out);
      assertTrue(out.contains("positions adopted"), "the venue held what the journal explains: " + out);
      assertTrue(out.contains("reconciliation at the end: the venue holds what the node executed"), out);
      assertEquals(0, venue.venue().duplicateOrdersRefused(), "no order was sent twice");
      for (String symbol : List.of("BTC", "ETH")) {
        assertEquals(venue.venue().balance(symbol), -venue.venue().position(symbol + "USDT"),
            symbol + " hedged at the end: " + out);
      }
      assertTrue(venue.venue().position("BTCUSDT") != 0 || venue.venue().position("ETHUSDT") != 0,
          "the restarted node completed the hedge: " + out);
    }
  }

  private static Process node(LoopbackServer venue, Path run) throws Exception {
    return ChildJvm.fundarb(List.of("paper", "--data", SharedData.dir().toString(), "--venue-url", venue.httpBase(),
        "--strategy", "carry", "--from", "2023-11-01", "--to", "2023-12-01", "--admin-port", "0", "--out",
        run.toString()), java.util.Map.of(VenueCommand.KEY_ENV, KEYS.apiKey(), VenueCommand.SECRET_ENV, KEYS.secret()),
        "1g");
  }

  /** The first hedge's spot leg has executed at the venue (its perp leg is held). */
  private static void awaitSpotLegExecuted(LoopbackServer venue) {
    Awaitility.await("the spot leg executed").atMost(Duration.ofSeconds(60))
        .until(() -> venue.venue().balance("BTC") + venue.venue().balance("ETH") != 0);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
