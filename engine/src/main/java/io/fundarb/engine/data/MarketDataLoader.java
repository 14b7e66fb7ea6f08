package io.fundarb.engine.data;

import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads what a backtest or replay needs from a {@link DataCatalog}: for each symbol of a venue,
 * spot bars, perp bars of the same interval and settled funding, plus sentiment when present;
 * all sliced to [from, to) of event time and checked for quality.
 */
public final class MarketDataLoader {
  /** Basis beyond 3 % between perp and spot closes of the same bar is flagged. */
  private static final double BASIS_OUTLIER = 0.03;

  private MarketDataLoader() {}

  /**
   * @param intervalMs bar interval to use, or 0 for the finest interval both legs have
   */
  public record Request(String venue, List<String> symbols, long intervalMs, long from, long to, boolean lenient) {
    public Request {
      venue = venue.toUpperCase(Locale.ROOT);
      symbols = symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
      if (symbols.isEmpty()) {
        throw new IllegalArgumentException("at least one symbol is needed");
      }
      if (from >= to) {
        throw new IllegalArgumentException("--from must be before --to");
      }
    }
  }

  public record Result(MarketData data, DataQualityReport report) {}

  public static Result load(DataCatalog catalog, Request request) {
    if (catalog.isEmpty()) {
      throw new DataNotFoundException(noDataAdvice(catalog));
    }
    if (!catalog.venues().contains(request.venue())) {
      throw new DataNotFoundException(
          "no " + request.venue() + " data in " + catalog.root() + "; venues there: " + catalog.venues());
    }
    List<SeriesQuality> quality = new ArrayList<>();
    List<String> cross = new ArrayList<>();
    List<AssetSeries> assets = new ArrayList<>();
    for (String symbol : request.symbols()) {
      AssetId asset = new AssetId(request.venue(), symbol);
      long interval = chooseInterval(catalog, request, symbol);
      SeriesLoader.Loaded<Bars> spot = bars(catalog, SeriesType.SPOT_BARS, asset, interval, request.lenient());
      SeriesLoader.Loaded<Bars> perp = bars(catalog, SeriesType.PERP_BARS, asset, interval, request.lenient());
      SeriesKey fundingKey = new SeriesKey(SeriesType.FUNDING, asset.venue(), symbol, 0);
      List<DataFile> fundingFiles = catalog.files(fundingKey);
      if (fundingFiles.isEmpty()) {
        throw new DataNotFoundException("no funding rates for " + asset + " in " + catalog.root());
      }
      SeriesLoader.Loaded<FundingSeries> funding =
          SeriesLoader.funding(fundingKey.toString(), fundingFiles, request.lenient());
      quality.add(spot.quality());
      quality.add(perp.quality());
      quality.add(funding.quality());
      cross.addAll(crossCheck(asset, spot.series(), perp.series()));
      assets.add(new AssetSeries(asset, spot.series(), perp.series(), funding.series()));
    }
    SentimentSeries sentiment = null;
    SeriesKey sentimentKey = new SeriesKey(SeriesType.SENTIMENT, "", "", 0);
    if (!catalog.files(sentimentKey).isEmpty()) {
      SeriesLoader.Loaded<SentimentSeries> loaded =
          SeriesLoader.sentiment(sentimentKey.toString(), catalog.files(sentimentKey), request.lenient());
      quality.add(loaded.quality());
      sentiment = loaded.series();
    } else {
      cross.add("no sentiment series: sentiment features will be missing");
    }
    MarketData all = new MarketData(request.venue(), assets, sentiment, Long.MIN_VALUE, Long.MAX_VALUE);
    // The clock runs where bars exist: earlier sentiment history would only add idle steps.
    long barsFrom = assets.stream().mapToLong(s -> Math.min(firstClose(s.spot()), firstClose(s.perp()))).min().orElseThrow();
    long barsTo = assets.stream().mapToLong(s -> Math.max(lastClose(s.spot()), lastClose(s.perp()))).max().orElseThrow() + 1;
    MarketData data = all.slice(Math.max(request.from(), barsFrom), Math.min(request.to(), barsTo));
    for (AssetSeries s : data.assets()) {
      if (s.perp().size() == 0 || s.spot().size() == 0) {
        throw new DataNotFoundException(
            "no " + s.asset() + " bars between " + Times.format(request.from()) + " and " + Times.format(request.to())
                + " (data covers " + coverage(all, s.asset()) + ")");
      }
    }
    return new Result(data, new DataQualityReport(quality, cross));
  }

  /** Loads every series in the catalog, for {@code fundarb data check}. */
  public static DataQualityReport check(DataCatalog catalog, boolean lenient) {
    if (catalog.isEmpty()) {
      throw new DataNotFoundException(noDataAdvice(catalog));
    }
    List<SeriesQuality> quality = new ArrayList<>();
    for (Map.Entry<SeriesKey, List<DataFile>> entry : catalog.series().entrySet()) {
      SeriesKey key = entry.getKey();
      String name = key.toString();
      quality.add(
          switch (key.type()) {
            case SPOT_BARS, PERP_BARS, INVERSE_PERP_BARS ->
                SeriesLoader.bars(name, entry.getValue(), key.intervalMs(), lenient).quality();
            case FUNDING, INVERSE_FUNDING -> SeriesLoader.funding(name, entry.getValue(), lenient).quality();
            case SENTIMENT -> SeriesLoader.sentiment(name, entry.getValue(), lenient).quality();
          });
    }
    return new DataQualityReport(quality, List.of());
  }

  public static String noDataAdvice(DataCatalog catalog) {
    return "no market data in " + catalog.root() + ". Get some with\n"
        + "  fundarb data download --venue binance --symbols BTCUSDT,ETHUSDT --interval 1h"
        + " --from 2024-01-01 --to 2024-03-01 --data " + catalog.root() + "\n"
        + "or point --data (or FUNDARB_DATA) at a directory in the fundarb layout (like ../shared/data)"
        + " or the Binance public-data layout.";
  }

  private static long chooseInterval(DataCatalog catalog, Request request, String symbol) {
    List<Long> spot = catalog.intervals(SeriesType.SPOT_BARS, request.venue(), symbol);
    List<Long> perp = catalog.intervals(SeriesType.PERP_BARS, request.venue(), symbol);
    if (spot.isEmpty() || perp.isEmpty()) {
      throw new DataNotFoundException(
          "no " + (spot.isEmpty() ? "spot" : "perp") + " bars for " + request.venue() + ":" + symbol + " in "
              + catalog.root() + "; symbols with perp data there: " + catalog.symbols(request.venue()));
    }
    if (request.intervalMs() > 0) {
      if (!spot.contains(request.intervalMs()) || !perp.contains(request.intervalMs())) {
        throw new DataNotFoundException(
            "no " + Times.formatInterval(request.intervalMs()) + " bars for both legs of " + request.venue() + ":"
                + symbol + "; spot has " + intervals(spot) + ", perp has " + intervals(perp));
      }
      return request.intervalMs();
    }
    return spot.stream().filter(perp::contains).findFirst().orElseThrow(() -> new DataNotFoundException(
        "spot and perp bars of " + request.venue() + ":" + symbol + " share no interval; spot has " + intervals(spot)
            + ", perp has " + intervals(perp)));
  }

  private static List<String> intervals(List<Long> ms) {
    return ms.stream().map(Times::formatInterval).toList();
  }

  private static SeriesLoader.Loaded<Bars> bars(
      DataCatalog catalog, SeriesType type, AssetId asset, long interval, boolean lenient) {
    SeriesKey key = new SeriesKey(type, asset.venue(), asset.symbol(), interval);
    return SeriesLoader.bars(key.toString(), catalog.files(key), interval, lenient);
  }

  private static long firstClose(Bars bars) {
    return bars.size() == 0 ? Long.MAX_VALUE : bars.closeTime(0);
  }

  private static long lastClose(Bars bars) {
    return bars.size() == 0 ? Long.MIN_VALUE : bars.closeTime(bars.size() - 1);
  }

  private static String coverage(MarketData all, AssetId asset) {
    return all.assets().stream()
        .filter(s -> s.asset().equals(asset))
        .map(s -> s.perp().size() == 0 ? "nothing"
            : Times.format(s.perp().openTime()[0]) + " to " + Times.format(s.perp().closeTime(s.perp().size() - 1)))
        .findFirst()
        .orElse("nothing");
  }

  /** Spot/perp bars that do not pair up, and bars whose basis is implausibly wide. */
  static List<String> crossCheck(AssetId asset, Bars spot, Bars perp) {
    List<String> findings = new ArrayList<>();
    int i = 0;
    int j = 0;
    int unpaired = 0;
    int wideBasis = 0;
    String firstWide = null;
    while (i < spot.size() && j < perp.size()) {
      long a = spot.openTime()[i];
      long b = perp.openTime()[j];
      if (a == b) {
        double basis = (double) perp.close()[j] / spot.close()[i] - 1;
        if (Math.abs(basis) > BASIS_OUTLIER) {
          wideBasis++;
          if (firstWide == null) {
            firstWide = String.format(Locale.ROOT, "%s basis %.2f %%", Times.format(a), basis * 100);
          }
        }
        i++;
        j++;
      } else if (a < b) {
        unpaired++;
        i++;
      } else {
        unpaired++;
        j++;
      }
    }
    unpaired += (spot.size() - i) + (perp.size() - j);
    if (unpaired > 0) {
      findings.add(asset + ": " + unpaired + " bars have no counterpart in the other leg");
    }
    if (wideBasis > 0) {
      findings.add(asset + ": " + wideBasis + " bars with |basis| > 3 % (first: " + firstWide + ")");
    }
    return findings;
  }
}
