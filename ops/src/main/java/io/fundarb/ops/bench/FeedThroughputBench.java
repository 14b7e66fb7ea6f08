package io.fundarb.ops.bench;

import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.xchange.BinanceVenueClient;
import io.fundarb.streams.xchange.XChangeMarketSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Tick to order on the wire, through the real clients: the loopback venue publishes book
 * tickers on its websocket; fundarb's pipeline (XChange Stream client → parse and validate →
 * decision) answers each with a market order over XChange REST; latency = the order's arrival at
 * the venue − the frame's emission by the venue, both read on the venue's side (one clock). A
 * second phase pushes frames unthrottled to measure sustained market-data messages per second
 * through the client and the validation stage.
 */
public final class VenueLatencyBench {
  /** Latencies in microseconds; throughput in updates per second. */
  public record Result(int samples, double p50, double p99, double p999, double max, double decisionP50,
      double decisionP99, double updatesPerSecond, long dropped) {}

  private VenueLatencyBench() {}

  public static Result run(int warmup, int measured, int ratePerSecond, int throughputFrames) throws Exception {
    ActorSystem system = ActorSystem.create("venue-bench", com.typesafe.config.ConfigFactory.parseString(
        "pekko.loglevel = WARNING").withFallback(com.typesafe.config.ConfigFactory.load()));
    ExecutorService rest = Executors.newFixedThreadPool(4);
    try {
      int total = warmup + measured;
      long[] emitted = new long[total + throughputFrames + 1];
      long[] decided = new long[total + 1];
      ConcurrentHashMap<String, Long> arrived = new ConcurrentHashMap<>();
      LoopbackVenue venue = new LoopbackVenue(new LoopbackVenue.Credentials("bench", "bench-secret"),
          Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis, (market, streams) -> {
            Source<Integer, ?> seq = Source.range(1, total + throughputFrames);
            return seq.throttle(ratePerSecond, Duration.ofSeconds(1)).take(total)
                .concat(Source.range(total + 1, total + throughputFrames))
                .concat(Source.never()) // the socket stays open: its close would fail the client's stream
                .map(u -> {
                  emitted[u] = System.nanoTime();
                  return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + u
                      + ",\"s\":\"BTCUSDT\",\"b\":\"100\",\"B\":\"1000000\",\"a\":\"100.01\",\"A\":\"1000000\"}}";
                });
          });
      venue.onOrderArrival((id, nanos) -> arrived.put(id, nanos));
      venue.list("BTCUSDT", "BTC", "USDT");
      venue.deposit("USDT", Fixed.ofUnits(1_000_000_000L));
      venue.quote("BTCUSDT", Fixed.parse("100"), Fixed.ofUnits(1_000_000), Fixed.parse("100.01"),
          Fixed.ofUnits(1_000_000));
      int port = venue.bind(system, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
      String url = "http://127.0.0.1:" + port;
      BinanceVenueClient client = BinanceVenueClient.connect(url, url, "bench", "bench-secret",
          new RetryDelay(10, 1_000, 3));
      Drops drops = new Drops("bench");
      long[] throughput = new long[2]; // count, nanos of first throughput update
      long[] end = new long[1];
      XChangeMarketSource.connect("ws://127.0.0.1:" + port + "/spot/", Leg.SPOT, List.of("btcusdt@bookTicker"),
              65_536, drops, System::currentTimeMillis)
          .via(MarketGraph.updates(drops, 65_536))
          .takeWhile(update -> ((MarketUpdate.BookTicker) update).updateId() < total + throughputFrames, true)
          .mapAsync(4, update -> {
            long u = ((MarketUpdate.BookTicker) update).updateId();
            if (u > total) { // throughput phase: validated updates only, no orders
              if (throughput[0]++ == 0) {
                throughput[1] = System.nanoTime();
              }
              end[0] = System.nanoTime();
              return CompletableFuture.completedFuture(u);
            }
            decided[(int) u] = System.nanoTime();
            return CompletableFuture.supplyAsync(() -> {
              client.marketOrder(Leg.SPOT, "BTCUSDT", Fixed.parse("0.001"), false, "b-" + u);
              return u;
            }, rest);
          })
          .completionTimeout(Duration.ofMinutes(5))
          .runWith(Sink.ignore(), system).toCompletableFuture().get(6, TimeUnit.MINUTES);
      long[] latencies = new long[measured];
      int n = 0;
      for (int u = warmup + 1; u <= total; u++) {
        Long at = arrived.get("b-" + u);
        if (at != null) {
          latencies[n++] = at - emitted[u];
        }
      }
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      long[] decisions = new long[measured];
      for (int u = warmup + 1; u <= total; u++) {
        decisions[u - warmup - 1] = decided[u] - emitted[u];
      }
      Arrays.sort(decisions);
      double seconds = (end[0] - throughput[1]) / 1e9;
      return new Result(n, us(sorted, 0.5), us(sorted, 0.99), us(sorted, 0.999), us(sorted, 1.0),
          us(decisions, 0.5), us(decisions, 0.99), throughput[0] / seconds, drops.total());
    } finally {
      rest.shutdownNow();
      system.terminate();
    }
  }

  private static double us(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[i] / 1_000.0;
  }
}
