package io.fundarb.streams.loopback;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.testing.TestInstruments;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.awaitility.Awaitility;

/**
 * A loopback venue on 127.0.0.1 replaying the first bars of Binance's recorded BTC and ETH data
 * (8-hour bars), injecting {@code faults}; its market opens once the clients are connected, so
 * none of them misses a bar.
 */
public final class ReplayedVenue implements AutoCloseable {
  public static final long EIGHT_HOURS = 8 * 3_600_000L;
  public static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("test-key", "test-secret");

  private final MarketData data;
  private final HistoricalMarket market;
  private final LoopbackVenue venue;
  private final ServerBinding binding;

  private ReplayedVenue(MarketData data, HistoricalMarket market, LoopbackVenue venue, ServerBinding binding) {
    this.data = data;
    this.market = market;
    this.venue = venue;
    this.binding = binding;
  }

  /** Serves the first {@code bars} bars; nothing is published before {@link #open}. */
  public static ReplayedVenue start(ActorSystem system, int bars, VenueFaults faults) throws Exception {
    MarketData all = RealData.load("BINANCE");
    MarketData data = all.slice(all.from(), all.from() + bars * EIGHT_HOURS);
    HistoricalMarket market = new HistoricalMarket(data, Rate.parse("0.0001"), Rate.parse("0.1"));
    LoopbackVenue venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis,
        market.feed(), faults);
    for (CarryPair pair : TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT").pairs()) {
      venue.list(pair.asset().symbol(), pair.spot().base().code(), "USDT", SymbolRules.of(pair.spot()),
          SymbolRules.of(pair.perp()));
    }
    ServerBinding binding = venue.bind(system, 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new ReplayedVenue(data, market, venue, binding);
  }

  /**
   * Waits for {@code clients} websocket connections, then replays a bar every {@code barMs}
   * milliseconds; completes when the last bar is out.
   */
  public CompletionStage<Done> open(ActorSystem system, int clients, long barMs) {
    CompletableFuture<Void> go = new CompletableFuture<>();
    CompletionStage<Done> replayed = market.start(venue, EIGHT_HOURS / (double) barMs, go, system);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> venue.websocketConnections() >= clients);
    go.complete(null);
    return replayed;
  }

  public static Universe universe() {
    return TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
  }

  public MarketData data() {
    return data;
  }

  public LoopbackVenue venue() {
    return venue;
  }

  public String httpBase() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  /** The websocket base of {@code market} ("spot" or "futures"). */
  public String websocket(String market) {
    return "ws://127.0.0.1:" + binding.localAddress().getPort() + "/" + market + "/";
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
