package io.fundarb.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCatalogTest {
  private static final long H1 = Times.HOUR_MS;
  private static final long JAN = Times.parse("2024-01-01");
  @TempDir Path root;

  private static void zip(Path file, String entry, String content) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  /** Binance's 12-column kline rows; spot files since 2025 stamp microseconds. */
  private static String klines(long start, int hours, boolean header, boolean micros) {
    StringBuilder sb = new StringBuilder(header
        ? "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n" : "");
    for (int k = 0; k < hours; k++) {
      long t = start + k * H1;
      long stamp = micros ? t * 1000 : t;
      sb.append(stamp).append(",42000.00,42100.00,41900.00,42050.00,12.5,").append(stamp + H1 - 1)
          .append(",525000.5,321,6.1,256000.1,0\n");
    }
    return sb.toString();
  }

  @Test
  void readsBinancePublicDataArchivesZippedOrNot() throws IOException {
    Path spot = root.resolve("data/spot/monthly/klines/BTCUSDT/1h");
    zip(spot.resolve("BTCUSDT-1h-2024-01.zip"), "BTCUSDT-1h-2024-01.csv", klines(JAN, 24, false, true));
    Path perp = root.resolve("data/futures/um/daily/klines/BTCUSDT/1h");
    Files.createDirectories(perp);
    Files.writeString(perp.resolve("BTCUSDT-1h-2024-01-01.csv"), klines(JAN, 24, true, false));
    zip(root.resolve("data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip"),
        "BTCUSDT-fundingRate-2024-01.csv",
        "calc_time,funding_interval_hours,last_funding_rate\n" + (JAN + 8 * H1) + ",8,0.00010000\n" + (JAN + 16 * H1) + ",8,-0.00002500\n");
    Files.createDirectories(root.resolve("data/spot/monthly/klines/BTCUSDT/1mo"));

    DataCatalog catalog = DataCatalog.scan(root);
    assertEquals(List.of("BINANCE"), catalog.venues());
    assertEquals(List.of(H1), catalog.intervals(SeriesType.SPOT_BARS, "BINANCE", "BTCUSDT"));
    var result = MarketDataLoader.load(catalog,
        new MarketDataLoader.Request("binance", List.of("btcusdt"), 0, JAN, JAN + Times.DAY_MS + H1, false));
    AssetSeries btc = result.data().assets().get(0);
    assertEquals(24, btc.spot().size());
    assertEquals(JAN, btc.spot().openTime()[0], "microsecond stamps are read as milliseconds");
    assertEquals(525000.5, btc.spot().quoteVolume()[0]);
    assertEquals(321, btc.perp().trades()[0]);
    assertEquals(Rate.parse("-0.000025"), btc.funding().rate()[1]);
    assertEquals(0, result.report().issueCount() - result.report().crossChecks().size());
  }

  @Test
  void readsTheFundarbLayoutAndSaysWhatIsMissing() throws IOException {
    Path k = root.resolve("klines");
    Files.createDirectories(k.resolve("spot/OKX"));
    Files.createDirectories(k.resolve("perp/OKX"));
    Files.writeString(k.resolve("spot/OKX/ETHUSDT-8h.csv"), "open_time,open,high,low,close,volume\n0,1,1,1,1,1\n");
    Files.writeString(k.resolve("perp/OKX/ETHUSDT-8h.csv"), "open_time,open,high,low,close,volume\n0,1,1,1,1,1\n");
    DataCatalog catalog = DataCatalog.scan(root);
    var noFunding = assertThrows(DataNotFoundException.class, () -> MarketDataLoader.load(catalog,
        new MarketDataLoader.Request("OKX", List.of("ETHUSDT"), 0, 0, Long.MAX_VALUE, false)));
    assertTrue(noFunding.getMessage().contains("no funding rates for OKX:ETHUSDT"), noFunding.getMessage());
    var noVenue = assertThrows(DataNotFoundException.class, () -> MarketDataLoader.load(catalog,
        new MarketDataLoader.Request("BYBIT", List.of("ETHUSDT"), 0, 0, Long.MAX_VALUE, false)));
    assertTrue(noVenue.getMessage().contains("venues there: [OKX]"), noVenue.getMessage());
    var wrongInterval = assertThrows(DataNotFoundException.class, () -> MarketDataLoader.load(catalog,
        new MarketDataLoader.Request("OKX", List.of("ETHUSDT"), H1, 0, Long.MAX_VALUE, false)));
    assertTrue(wrongInterval.getMessage().contains("spot has [8h]"), wrongInterval.getMessage());
  }

  @Test
  void anEmptyDirectoryExplainsHowToGetData() {
    var e = assertThrows(DataNotFoundException.class, () -> MarketDataLoader.load(DataCatalog.scan(root),
        new MarketDataLoader.Request("BINANCE", List.of("BTCUSDT"), 0, 0, Long.MAX_VALUE, false)));
    assertTrue(e.getMessage().contains("fundarb data download"), e.getMessage());
  }
}
