package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.DataQualityReport;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.time.Clock;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.data.BinanceDownloader;
import io.fundarb.ops.data.Sleeper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb data}: inspect and fetch market data. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Check or download market data.",
    subcommands = {DataCommand.Check.class, DataCommand.Download.class})
public final class DataCommand extends GroupCommand {
  /** {@code fundarb data check}: the quality report of everything in the data directory. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Loads every series in the data directory and reports gaps, duplicates, ordering and outliers.")
  static final class Check implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      DataDirectory.Choice dir = common.dataDirectory();
      out.println("data: " + dir.path() + " (" + dir.source() + ")");
      DataQualityReport report = MarketDataLoader.check(DataCatalog.scan(dir.path()), common.lenient);
      out.print(report.render());
      out.println(report.summary());
      return 0;
    }
  }

  /** {@code fundarb data download}: fills a data directory from Binance's archives and API. */
  @Command(name = "download", mixinStandardHelpOptions = true,
      description = {"Downloads spot and USDT-M perpetual klines and funding rates from Binance's public archives",
          "(SHA-256 checked) and REST API into the data directory, in Binance's public-data layout.",
          "Files already present and verified are skipped, so an interrupted download resumes."})
  static final class Download implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--venue", defaultValue = "binance", description = "only binance publishes archives we read (default: ${DEFAULT-VALUE})")
    String venue;

    @Option(names = "--sentiment", description = "also fetch the Fear & Greed index from alternative.me")
    boolean sentiment;

    @Option(names = "--archive-url", defaultValue = "https://data.binance.vision/", hidden = true)
    URI archiveUrl;

    @Option(names = "--spot-api-url", defaultValue = "https://api.binance.com/", hidden = true)
    URI spotApiUrl;

    @Option(names = "--futures-api-url", defaultValue = "https://fapi.binance.com/", hidden = true)
    URI futuresApiUrl;

    @Option(names = "--sentiment-api-url", defaultValue = "https://api.alternative.me/", hidden = true)
    URI sentimentApiUrl;

    @Option(names = "--base-url", paramLabel = "<url>", description = {"one Binance-protocol venue for the archives and"
        + " both REST APIs instead of Binance's hosts, e.g. a running `fundarb venue` (it has no archives: every day",
        "comes over REST)"})
    URI baseUrl;

    @Override
    public Integer call() {
      if (!venue.equalsIgnoreCase("binance")) {
        throw new IllegalArgumentException("download supports --venue binance only; for bybit or okx place CSVs in the"
            + " fundarb layout (docs/DATA.md)");
      }
      if (common.from == null || common.to == null) {
        throw new IllegalArgumentException("download needs --from and --to, e.g. --from 2024-01-01 --to 2024-03-01");
      }
      PrintWriter out = spec.commandLine().getOut();
      DataDirectory.Choice dir = common.dataDirectory();
      out.println("downloading into " + dir.path() + " (" + dir.source() + ")");
      var request = new BinanceDownloader.Request(common.symbolsOrDefault(), common.interval == null ? "1h" : common.interval,
          LocalDate.parse(common.from), LocalDate.parse(common.to), sentiment);
      var downloader = new BinanceDownloader(
          baseUrl != null ? new BinanceDownloader.Endpoints(slashed(baseUrl), slashed(baseUrl), slashed(baseUrl),
              sentimentApiUrl) : new BinanceDownloader.Endpoints(archiveUrl, spotApiUrl, futuresApiUrl, sentimentApiUrl),
          Sleeper.real(), Clock.system(), line -> {
            out.println("  " + line);
            out.flush();
          });
      try {
        ProgressBar bar = new ProgressBar(out, "download", "series", BinanceDownloader.units(request));
        var summary = downloader.download(request, dir.path(), done -> bar.update(done, ""));
        bar.finish();
        out.printf(Locale.ROOT, "done: %d downloaded (%d checksum-verified), %d from the REST API, %d already present,"
            + " %d rate-limit pauses; %d bar(s) missing at the source%n", summary.downloaded(), summary.verified(),
            summary.fromRest(), summary.skipped(), summary.pauses(), summary.missingBars());
        out.println("check it with: fundarb data check --data " + dir.path());
        return 0;
      } catch (IOException e) {
        throw new UncheckedIOException("download failed: " + UserErrors.describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }

    /** Paths resolve below the URL only when it ends with a slash. */
    private static URI slashed(URI uri) {
      return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }
  }
}
