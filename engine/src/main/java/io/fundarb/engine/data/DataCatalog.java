package io.fundarb.engine.data;

import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a data directory holds, in either supported layout (both may be present and are merged):
 *
 * <ul>
 *   <li>fundarb layout (as in {@code ../shared/data}): {@code klines/{spot,perp,perp-coin}/VENUE/
 *       SYMBOL-INTERVAL.csv}, {@code funding/{perp,perp-coin}/VENUE/SYMBOL.csv}, {@code
 *       sentiment/fear_greed.csv};
 *   <li>Binance public-data layout (data.binance.vision, optionally under {@code data/}): {@code
 *       spot/{monthly,daily}/klines/SYMBOL/INTERVAL/*.zip|csv}, {@code futures/um/...} for
 *       USDT-margined and {@code futures/cm/...} for coin-margined futures, and {@code
 *       futures/um/monthly/fundingRate/SYMBOL/*.zip|csv}.
 * </ul>
 */
public final class DataCatalog {
  private final Path root;
  private final Map<SeriesKey, List<DataFile>> series = new TreeMap<>();

  private DataCatalog(Path root) {
    this.root = root;
  }

  public static DataCatalog scan(Path root) {
    DataCatalog catalog = new DataCatalog(root);
    catalog.scanFundarbLayout();
    catalog.scanBinanceLayout(root);
    catalog.scanBinanceLayout(root.resolve("data"));
    catalog.series.replaceAll((key, files) -> files.stream().sorted(
        java.util.Comparator.comparing(DataFile::displayName)).toList());
    return catalog;
  }

  public Path root() {
    return root;
  }

  public Map<SeriesKey, List<DataFile>> series() {
    return series;
  }

  public boolean isEmpty() {
    return series.isEmpty();
  }

  public List<DataFile> files(SeriesKey key) {
    return series.getOrDefault(key, List.of());
  }

  /** Bar intervals available for a bar series type, venue and symbol, finest first. */
  public List<Long> intervals(SeriesType type, String venue, String symbol) {
    return series.keySet().stream()
        .filter(k -> k.type() == type && k.venue().equals(venue) && k.symbol().equals(symbol))
        .map(SeriesKey::intervalMs)
        .sorted()
        .toList();
  }

  public List<String> venues() {
    return series.keySet().stream()
        .filter(k -> k.type() == SeriesType.PERP_BARS)
        .map(SeriesKey::venue)
        .distinct()
        .sorted()
        .toList();
  }

  public List<String> symbols(String venue) {
    return series.keySet().stream()
        .filter(k -> k.type() == SeriesType.PERP_BARS && k.venue().equals(venue))
        .map(SeriesKey::symbol)
        .distinct()
        .sorted()
        .toList();
  }

  private void scanFundarbLayout() {
    for (String kind : List.of("spot", "perp", "perp-coin")) {
      SeriesType type = switch (kind) {
        case "spot" -> SeriesType.SPOT_BARS;
        case "perp" -> SeriesType.PERP_BARS;
        default -> SeriesType.INVERSE_PERP_BARS;
      };
      for (Path venueDir : children(root.resolve("klines").resolve(kind))) {
        for (Path file : children(venueDir)) {
          String name = file.getFileName().toString();
          int dash = name.lastIndexOf('-');
          if (!name.endsWith(".csv") || dash <= 0) {
            continue;
          }
          long interval = intervalOrZero(name.substring(dash + 1, name.length() - 4));
          if (interval == 0) {
            continue;
          }
          add(new SeriesKey(type, upper(venueDir), name.substring(0, dash).toUpperCase(Locale.ROOT), interval), file);
        }
      }
    }
    for (String kind : List.of("perp", "perp-coin")) {
      SeriesType type = kind.equals("perp") ? SeriesType.FUNDING : SeriesType.INVERSE_FUNDING;
      for (Path venueDir : children(root.resolve("funding").resolve(kind))) {
        for (Path file : children(venueDir)) {
          String name = file.getFileName().toString();
          if (name.endsWith(".csv")) {
            add(new SeriesKey(type, upper(venueDir), name.substring(0, name.length() - 4).toUpperCase(Locale.ROOT), 0), file);
          }
        }
      }
    }
    Path sentiment = root.resolve("sentiment").resolve("fear_greed.csv");
    if (Files.isRegularFile(sentiment)) {
      add(new SeriesKey(SeriesType.SENTIMENT, "", "", 0), sentiment);
    }
  }

  private void scanBinanceLayout(Path base) {
    scanBinanceKlines(base.resolve("spot"), SeriesType.SPOT_BARS);
    scanBinanceKlines(base.resolve("futures").resolve("um"), SeriesType.PERP_BARS);
    scanBinanceKlines(base.resolve("futures").resolve("cm"), SeriesType.INVERSE_PERP_BARS);
    scanBinanceFunding(base.resolve("futures").resolve("um"), SeriesType.FUNDING);
    scanBinanceFunding(base.resolve("futures").resolve("cm"), SeriesType.INVERSE_FUNDING);
  }

  private void scanBinanceKlines(Path market, SeriesType type) {
    for (String period : List.of("monthly", "daily")) {
      for (Path symbolDir : children(market.resolve(period).resolve("klines"))) {
        for (Path intervalDir : children(symbolDir)) {
          long interval = intervalOrZero(intervalDir.getFileName().toString());
          if (interval == 0) {
            continue; // e.g. "1mo": calendar months are not a fixed step
          }
          for (Path file : children(intervalDir)) {
            if (isDataFile(file)) {
              add(new SeriesKey(type, "BINANCE", binanceSymbol(symbolDir), interval), file);
            }
          }
        }
      }
    }
  }

  private void scanBinanceFunding(Path market, SeriesType type) {
    for (String period : List.of("monthly", "daily")) {
      for (Path symbolDir : children(market.resolve(period).resolve("fundingRate"))) {
        for (Path file : children(symbolDir)) {
          if (isDataFile(file)) {
            add(new SeriesKey(type, "BINANCE", binanceSymbol(symbolDir), 0), file);
          }
        }
      }
    }
  }

  private static long intervalOrZero(String text) {
    try {
      return Times.parseInterval(text);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** Coin-margined Binance symbols carry a contract suffix ("BTCUSD_PERP"). */
  private static String binanceSymbol(Path dir) {
    String name = dir.getFileName().toString().toUpperCase(Locale.ROOT);
    return name.endsWith("_PERP") ? name.substring(0, name.length() - 5) : name;
  }

  private static boolean isDataFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".csv") || name.endsWith(".zip");
  }

  private void add(SeriesKey key, Path file) {
    series.computeIfAbsent(key, k -> new ArrayList<>()).add(DataFile.of(root, file));
  }

  private static String upper(Path dir) {
    return dir.getFileName().toString().toUpperCase(Locale.ROOT);
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
