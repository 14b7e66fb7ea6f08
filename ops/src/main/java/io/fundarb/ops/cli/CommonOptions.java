package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.DataNotFoundException;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that read market data and configuration. */
public final class CommonOptions {
  @Option(names = "--config", paramLabel = "<file>", description = "HOCON file overriding conf/reference.conf")
  Path config;

  @Option(names = "--data", paramLabel = "<dir>",
      description = "market data directory (else $FUNDARB_DATA, fundarb.data-dir, ../shared/data, ~/.fundarb/data)")
  Path data;

  @Option(names = "--symbols", split = ",", paramLabel = "<symbols>", description = "e.g. BTCUSDT,ETHUSDT (default from config)")
  List<String> symbols;

  @Option(names = "--from", paramLabel = "<date>", description = "first day, e.g. 2023-01-01 (UTC; default: start of data)")
  String from;

  @Option(names = "--to", paramLabel = "<date>", description = "end day, exclusive (default: end of data)")
  String to;

  @Option(names = "--interval", paramLabel = "<interval>", description = "bar interval, e.g. 1h or 8h (default: finest available)")
  String interval;

  @Option(names = "--lenient", description = "skip and count malformed rows instead of stopping at the first")
  boolean lenient;

  private FundarbConfig loaded;

  public FundarbConfig config() {
    if (loaded == null) {
      loaded = FundarbConfig.load(config);
    }
    return loaded;
  }

  public DataDirectory.Choice dataDirectory() {
    return DataDirectory.resolve(data, System.getenv(), config().dataDir(), DataDirectory.projectHome(),
        Path.of(System.getProperty("user.home")));
  }

  public DataCatalog catalog() {
    return DataCatalog.scan(dataDirectory().path());
  }

  /** The data in {@code dir}; none at all is one clear error saying where data is looked for. */
  public static DataCatalog dataIn(DataDirectory.Choice dir) {
    DataCatalog catalog = DataCatalog.scan(dir.path());
    if (catalog.isEmpty()) {
      throw new DataNotFoundException(MarketDataLoader.noDataAdvice(catalog));
    }
    return catalog;
  }

  public List<String> symbolsOrDefault() {
    return symbols != null && !symbols.isEmpty() ? symbols : config().symbols();
  }

  public long fromMillis() {
    return from == null ? Long.MIN_VALUE + 1 : Times.parse(from);
  }

  public long toMillis() {
    return to == null ? Long.MAX_VALUE : Times.parse(to);
  }

  public long intervalMillis() {
    return interval == null ? 0 : Times.parseInterval(interval);
  }
}
