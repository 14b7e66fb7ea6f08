package io.fundarb.ops.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinanceDownloaderTest {
  private static final long H8 = 8 * FakeBinance.HOUR;
  private static final LocalDate JAN = LocalDate.of(2024, 1, 1);
  private static final LocalDate FEB = LocalDate.of(2024, 2, 1);
  private static final LocalDate MAR = LocalDate.of(2024, 3, 1);
  /** "Now" is 2024-03-03 12:00 UTC: March 1 is archived daily, March 2 is not yet, March 3 is today. */
  private static final long NOW = FakeBinance.at("2024-03-03T12:00:00Z").toEpochMilli();

  @TempDir Path data;
  private FakeBinance binance;
  private final List<Long> sleeps = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void publish() throws IOException {
    binance = new FakeBinance();
    for (LocalDate month : List.of(JAN, FEB)) {
      String m = month.toString().substring(0, 7);
      binance.publish("data/spot/monthly/klines/BTCUSDT/8h/BTCUSDT-8h-" + m + ".zip",
          FakeBinance.klines(month, month.plusMonths(1), H8, false));
      binance.publish("data/futures/um/monthly/klines/BTCUSDT/8h/BTCUSDT-8h-" + m + ".zip",
          FakeBinance.klines(month, month.plusMonths(1), H8, true));
    }
    // February's funding archive is "not published yet": the REST API fills it in.
    binance.publish("data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip",
        FakeBinance.funding(JAN, FEB));
    for (String market : List.of("spot", "futures/um")) {
      binance.publish("data/" + market + "/daily/klines/BTCUSDT/8h/BTCUSDT-8h-2024-03-01.zip",
          FakeBinance.klines(MAR, MAR.plusDays(1), H8, market.equals("futures/um")));
    }
  }

  @AfterEach
  void stop() {
    binance.close();
  }

  private BinanceDownloader.Summary download() throws IOException, InterruptedException {
    var endpoints = new BinanceDownloader.Endpoints(binance.uri(), binance.uri(), binance.uri(), binance.uri());
    return new BinanceDownloader(endpoints, sleeps::add, () -> NOW, log::add)
        .download(new BinanceDownloader.Request(List.of("btcusdt"), "8h", JAN, LocalDate.of(2024, 3, 4), false), data);
  }

  @Test
  void fillsADataDirectoryTheLoaderReadsWithVerifiedArchivesAndRestForTheRest() throws Exception {
    binance.throttleNextRest = 1;
    BinanceDownloader.Summary summary = download();

    assertEquals(7, summary.verified(), "Jan+Feb spot and perp, Jan funding, Mar 1 spot and perp");
    assertEquals(List.of(2000L), sleeps, "the 429's Retry-After of 2 s was honoured once");
    assertTrue(log.stream().anyMatch(l -> l.contains("sha256 ok")));
    var loaded = MarketDataLoader.load(DataCatalog.scan(data), new MarketDataLoader.Request(
        "BINANCE", List.of("BTCUSDT"), H8, Long.MIN_VALUE + 1, Long.MAX_VALUE, false));
    AssetSeries btc = loaded.data().assets().get(0);
    // Jan 1 .. Mar 3 04:00: 62 whole days of 3 bars plus the one 8h bar closed before noon on Mar 3.
    assertEquals(62 * 3 + 1, btc.spot().size());
    assertEquals(btc.spot().size(), btc.perp().size());
    assertEquals(0, loaded.report().series().stream().mapToLong(q -> q.missingRows()).sum(), loaded.report().render());
    assertEquals(Rate.parse("0.00012"), btc.funding().rate()[btc.funding().size() - 1], "REST funding after January");
    assertEquals(FakeBinance.millis(JAN) + H8, btc.funding().time()[0], "replay starts at the first bar close");
    assertEquals(NOW - 4 * FakeBinance.HOUR, btc.funding().time()[btc.funding().size() - 1], "last settlement 08:00 today");
    assertTrue(Files.exists(data.resolve("data/spot/daily/klines/BTCUSDT/8h/BTCUSDT-8h-2024-03-02.csv")));
    assertTrue(Files.exists(data.resolve("data/spot/daily/klines/BTCUSDT/8h/BTCUSDT-8h-2024-03-03-partial.csv")));
  }

  /** A day of one-minute bars (1,440) over REST comes in two pages of at most 1,000, each bar once. */
  @Test
  void aDayOfMinuteBarsComesInPages() throws Exception {
    var endpoints = new BinanceDownloader.Endpoints(binance.uri(), binance.uri(), binance.uri(), binance.uri());
    new BinanceDownloader(endpoints, sleeps::add, () -> NOW, log::add).download(new BinanceDownloader.Request(
        List.of("BTCUSDT"), "1m", LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 3), false), data);
    List<String> rows = Files.readAllLines(data.resolve("data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-03-02.csv"));
    assertEquals(1 + 1_440, rows.size(), "a header and every minute of the day");
    assertEquals(1_440, rows.stream().skip(1).map(r -> r.substring(0, r.indexOf(','))).distinct().count(),
        "no bar twice across the pages");
    assertEquals(2, binance.requests.stream().filter(r -> r.startsWith("api/v3/klines")).count(),
        "two pages: " + binance.requests);
  }

  @Test
  void aSecondRunResumesAndDownloadsOnlyWhatIsStillOpen() throws Exception {
    download();
    binance.requests.clear();
    BinanceDownloader.Summary again = download();
    assertEquals(0, again.downloaded());
    assertTrue(again.skipped() >= 9, "archives and complete days are not fetched again: " + again);
    assertTrue(binance.requests.stream().allMatch(r -> r.startsWith("api/") || r.startsWith("fapi/")), binance.requests.toString());
    assertTrue(binance.requests.stream().anyMatch(r -> r.contains(String.valueOf(FakeBinance.millis(LocalDate.of(2024, 3, 3))))),
        "today's unfinished day is refreshed");
  }

  @Test
  void aChecksumMismatchStopsWithAClearErrorAndLeavesNoFile() {
    binance.corruptChecksums = true;
    IOException e = assertThrows(IOException.class, this::download);
    assertTrue(e.getMessage().contains("checksum mismatch for data/spot/monthly/klines/BTCUSDT/8h/BTCUSDT-8h-2024-01.zip"),
        e.getMessage());
    assertFalse(Files.exists(data.resolve("data/spot/monthly/klines/BTCUSDT/8h/BTCUSDT-8h-2024-01.zip")));
    assertFalse(Files.exists(data.resolve("data/spot/monthly/klines/BTCUSDT/8h/BTCUSDT-8h-2024-01.zip.part")));
  }

  @Test
  void requestsAreValidated() {
    assertThrows(IllegalArgumentException.class,
        () -> new BinanceDownloader.Request(List.of("BTCUSDT"), "8h", FEB, JAN, false));
    assertThrows(IllegalArgumentException.class,
        () -> new BinanceDownloader.Request(List.of("BTCUSDT"), "8 hours", JAN, FEB, false));
    assertEquals(Times.parseInterval("8h"), H8);
  }
}
