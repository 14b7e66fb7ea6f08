package io.fundarb.ops.cli;

import com.typesafe.config.ConfigFactory;
import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.streams.loopback.HistoricalMarket;
import io.fundarb.streams.loopback.LoopbackMarketServer;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.SymbolRules;
import io.fundarb.streams.loopback.VenueFaults;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The loopback venue serving on 127.0.0.1 in its own actor system, replaying {@code data} as its
 * market with both accounts funded and every symbol listed with the universe's trading rules
 * (tick, lot, minimum notional: what its exchange info says and its order checks enforce): what
 * {@code fundarb venue} runs, and what {@code fundarb paper --venue loopback} starts beside its node.
 */
record LoopbackServer(ActorSystem system, LoopbackVenue venue, ServerBinding binding, CompletionStage<Done> replay)
    implements AutoCloseable {

  /**
   * @param halfSpread quoted half spread (Rate); @param depthShare quoted size per side as a share of the bar's volume
   * @param capital deposited in spot and in futures (Fixed USDT)
   * @param go the market opens (first bar) when it completes
   */
  static LoopbackServer start(MarketData data, Universe universe, SimVenueConfig fees, long halfSpread,
      long depthShare, long capital, LoopbackVenue.Credentials keys, VenueFaults faults, double speed, int port,
      CompletionStage<?> go) throws Exception {
    return start(data, universe, fees, halfSpread, depthShare, capital, keys, faults, speed, port, go, feed -> feed);
  }

  /** As above, each websocket connection's frames passing through {@code tap} (a benchmark times them). */
  static LoopbackServer start(MarketData data, Universe universe, SimVenueConfig fees, long halfSpread,
      long depthShare, long capital, LoopbackVenue.Credentials keys, VenueFaults faults, double speed, int port, CompletionStage<?> go,
      UnaryOperator<LoopbackMarketServer.Feed> tap) throws Exception {
    HistoricalMarket market = new HistoricalMarket(data, halfSpread, depthShare);
    LoopbackVenue venue = new LoopbackVenue(keys, fees.spotFees().takerRate(), fees.perpFees().takerRate(),
        System::currentTimeMillis, tap.apply(market.feed()), faults);
    for (AssetSeries asset : data.assets()) {
      int index = universe.assetIndexOf(asset.asset());
      if (index < 0) {
        throw new IllegalArgumentException("no trading rules for " + asset.asset() + " in the configuration");
      }
      CarryPair pair = universe.pair(index);
      venue.list(asset.asset().symbol(), pair.spot().base().code(), pair.spot().quote().code(),
          SymbolRules.of(pair.spot()), SymbolRules.of(pair.perp()));
    }
    venue.deposit("USDT", capital);
    venue.depositFutures(capital);
    ActorSystem system = ActorSystem.create("fundarb-venue", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.coordinated-shutdown.exit-jvm = off").withFallback(ConfigFactory.load()));
    try {
      ServerBinding binding = venue.bind(system, port).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new LoopbackServer(system, venue, binding, market.start(venue, speed, go, system));
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  int port() {
    return binding.localAddress().getPort();
  }

  String httpBase() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() throws Exception {
    try {
      binding.unbind().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      system.terminate();
    }
  }
}
