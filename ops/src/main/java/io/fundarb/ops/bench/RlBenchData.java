package io.fundarb.ops.bench;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.rl.WindowSet;
import java.nio.file.Path;
import java.util.List;

/**
 * The RL benchmarks' input: the real Binance BTC+ETH data of the quickstart's training range
 * (2023-01-01 to 2023-10-01), its feature statistics, and the configured account.
 */
public final class RlBenchData {
  public static final long FROM = Times.parse("2023-01-01");
  public static final long TO = Times.parse("2023-10-01");

  public final FundarbConfig config = FundarbConfig.load(null);
  public final Universe universe = config.universe(BenchData.VENUE, BenchData.SYMBOLS);
  public final MarketData data;

  public RlBenchData(Path dataDir) {
    MarketData all = MarketDataLoader.load(DataCatalog.scan(dataDir),
        new MarketDataLoader.Request(BenchData.VENUE, BenchData.SYMBOLS, 0, Long.MIN_VALUE + 1, TO, false)).data();
    data = all.slice(FROM, TO);
  }

  /** Statistics for {@code features} fitted on the training range, as fundarb windows would. */
  public FeatureNormalization normalization(List<Feature> features, int window) {
    return WindowSet.build(data, universe, features, window, FROM, TO, null).normalization();
  }
}
