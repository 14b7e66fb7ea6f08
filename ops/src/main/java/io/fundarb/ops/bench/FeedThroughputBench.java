package io.fundarb.ops.bench;

import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.market.Drops;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.xchange.XChangeMarketSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Market-data messages per second through the live feed's front: the loopback venue pushes book
 * tickers on its websocket as fast as it can; the real XChange Stream client (netty) receives and
 * parses them once, and {@link MarketGraph#updates} validates them, as a node's feed does.
 */
public final class FeedThroughputBench {
  /** Validated updates per second, and frames dropped on the way. */
  public record Result(long updates, double updatesPerSecond, long dropped) {}

  private FeedThroughputBench() {}

  public static Result run(int frames) throws Exception {
    ActorSystem system = ActorSystem.create("feed-bench", com.typesafe.config.ConfigFactory.parseString(
        "pekko.loglevel = WARNING").withFallback(com.typesafe.config.ConfigFactory.load()));
    try {
      LoopbackVenue venue = new LoopbackVenue(new LoopbackVenue.Credentials("bench", "bench-secret"),
          Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis, (market, streams) ->
          Source.range(1, frames)
              .concat(Source.never()) // the socket stays open: its close would fail the client's stream
              .map(u -> "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + u
                  + ",\"s\":\"BTCUSDT\",\"b\":\"100\",\"B\":\"1000000\",\"a\":\"100.01\",\"A\":\"1000000\"}}"));
      int port = venue.bind(system, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
      Drops drops = new Drops("bench");
      long[] firstAndLast = new long[2];
      long counted = XChangeMarketSource.connect("ws://127.0.0.1:" + port + "/spot/", Leg.SPOT,
              List.of("btcusdt@bookTicker"), 65_536, drops, System::currentTimeMillis)
          .via(MarketGraph.updates(drops, 65_536))
          .takeWhile(update -> ((MarketUpdate.BookTicker) update).updateId() < frames, true)
          .map(update -> {
            long now = System.nanoTime();
            if (firstAndLast[0] == 0) {
              firstAndLast[0] = now;
            }
            firstAndLast[1] = now;
            return update;
          })
          .completionTimeout(Duration.ofMinutes(5))
          .runWith(Sink.fold(0L, (n, u) -> n + 1), system).toCompletableFuture().get(6, TimeUnit.MINUTES);
      double seconds = (firstAndLast[1] - firstAndLast[0]) / 1e9;
      return new Result(counted, (counted - 1) / seconds, drops.total());
    } finally {
      system.terminate();
    }
  }
}
