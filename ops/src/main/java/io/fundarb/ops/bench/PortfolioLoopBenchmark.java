package io.fundarb.ops.bench;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Market events per second through a portfolio backtest over several venues' accounts: every
 * venue's loop (as in {@link BacktestLoopBenchmark}) plus the shared clock, the rotation policy
 * over carry and cross-venue opportunities, the limits, the legs' targets and the transfers.
 * The real BTC and ETH data of each venue is replicated in time, the same number of copies for
 * every venue, until the venues' tapes hold {@code events} together. One invocation replays them all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PortfolioLoopBenchmark {
  @Param("30000000")
  public long events;

  @Param("BINANCE,BYBIT,OKX")
  public String venues;

  List<VenueMarket> markets;
  Opportunities.Offered offered;
  BacktestConfig config;
  FundarbConfig fundarb;

  @Setup(Level.Trial)
  public void load() {
    fundarb = FundarbConfig.load(null);
    markets = markets(Path.of(System.getProperty(BenchData.DATA_PROPERTY)), events, List.of(venues.split(",")));
    offered = Opportunities.of(markets, true);
    config = new BacktestConfig("rotation", fundarb.strategySettings("carry"), fundarb.sizing(),
        markets.get(0).venue(), fundarb.planner(), false);
    long total = markets.stream().mapToLong(m -> m.tape().size()).sum();
    System.out.printf("%n# tapes: %,d events over %d venues (%d copies of the real data each), %d opportunities%n",
        total, markets.size(), markets.get(0).copies(), offered.opportunities().size());
  }

  @Benchmark
  public long fullLoop() {
    return new MultiVenueBacktester(markets, offered, config, fundarb.portfolio(),
        fundarb.portfolioBaseline("rotation")).run().metrics().finalEquity();
  }

  /** Each venue's real data, replicated so that all tapes together hold at least {@code minEvents}. */
  public static List<VenueMarket> markets(Path data, long minEvents, List<String> venues) {
    FundarbConfig config = FundarbConfig.load(null);
    List<MarketData> loaded = new ArrayList<>();
    long base = 0;
    for (String venue : venues) {
      MarketData market = MarketDataLoader.load(DataCatalog.scan(data),
          new MarketDataLoader.Request(venue, BenchData.SYMBOLS, 0, Long.MIN_VALUE + 1, Long.MAX_VALUE, false)).data();
      loaded.add(market);
      base += MarketTape.build(market, config.universe(venue, BenchData.SYMBOLS)).size();
    }
    int copies = (int) Math.max(1, (minEvents + base - 1) / base);
    List<VenueMarket> out = new ArrayList<>();
    for (MarketData market : loaded) {
      out.add(VenueMarket.replicated(market, config.universe(market.venue(), BenchData.SYMBOLS),
          config.simVenue(market.venue(), null), copies));
    }
    return out;
  }

  /** Events the benchmark's tapes hold together. */
  public static long replicatedSize(Path data, long minEvents, List<String> venues) {
    return markets(data, minEvents, venues).stream().mapToLong(m -> m.tape().size()).sum();
  }
}
