package io.fundarb.ops.bench;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's input: the real Binance BTC and ETH data of the data directory, replicated
 * end to end (each copy shifted in time) until the tape holds at least the requested events.
 */
public final class BenchData {
  public static final String DATA_PROPERTY = "fundarb.bench.data";
  public static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
  public static final String VENUE = "BINANCE";

  final FundarbConfig config = FundarbConfig.load(null);
  final Universe universe = config.universe(VENUE, SYMBOLS);
  final MarketTape tape;
  final int copies;

  BenchData(long minEvents) {
    String dir = System.getProperty(DATA_PROPERTY);
    Path data = dir != null ? Path.of(dir) : DataDirectory.resolve(null, System.getenv(), config.dataDir(),
        DataDirectory.projectHome(), Path.of(System.getProperty("user.home"))).path();
    MarketTape base = baseTape(universe, data);
    copies = copies(base, minEvents);
    tape = base.replicate(copies, 8 * Times.HOUR_MS);
  }

  /** Events in the replicated tape the benchmark will run, without building it. */
  public static long replicatedSize(Path data, long minEvents) {
    MarketTape base = baseTape(FundarbConfig.load(null).universe(VENUE, SYMBOLS), data);
    return (long) copies(base, minEvents) * base.size();
  }

  private static int copies(MarketTape base, long minEvents) {
    return (int) Math.max(1, (minEvents + base.size() - 1) / base.size());
  }

  /** The real Binance BTC+ETH data as one tape, not replicated. */
  static MarketTape baseTape(Universe universe, Path data) {
    MarketData market = MarketDataLoader.load(DataCatalog.scan(data),
        new MarketDataLoader.Request(VENUE, SYMBOLS, 0, Long.MIN_VALUE + 1, Long.MAX_VALUE, false)).data();
    return MarketTape.build(market, universe);
  }
}
