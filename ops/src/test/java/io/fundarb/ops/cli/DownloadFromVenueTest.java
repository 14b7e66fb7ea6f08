package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.SharedData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fundarb data download --base-url} against the loopback venue, offline: the venue has no
 * archives, so every day comes over its REST klines and funding endpoints, and what lands in the
 * data directory must be the recorded series it replays, bar for bar and settlement for
 * settlement. A second run finds every day already there (an interrupted download resumes).
 */
class DownloadFromVenueTest {
  private static final long FROM = Times.parse("2023-11-01");
  private static final long TO = Times.parse("2023-11-08");

  @TempDir Path tmp;

  @Test
  void aDownloadFromTheVenueIsTheSeriesItReplaysAndASecondRunResumes() throws Exception {
    MarketData recorded = MarketDataLoader.load(DataCatalog.scan(SharedData.dir()), new MarketDataLoader.Request(
        "BINANCE", List.of("BTCUSDT"), 0, FROM, TO, false)).data();
    try (LoopbackServer venue = LoopbackServer.start(recorded,
        TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT"), RealData.VENUE, Rate.ofBps("1"),
        Rate.parse("0.1"), Fixed.ofUnits(100_000), new LoopbackVenue.Credentials("k", "s"), VenueFaults.NONE, 0, 0,
        CompletableFuture.completedFuture(null))) {
      String base = venue.httpBase();
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await("the replay ends").atMost(Duration.ofSeconds(60)).until(() -> http.send(
          HttpRequest.newBuilder(URI.create(base + "/fundarb/v1/replay")).build(),
          HttpResponse.BodyHandlers.ofString()).body().contains("\"ended\":true"));

      // the replay's last day as Binance's 24-hour ticker, with the quote around the last close
      String ticker = http.send(HttpRequest.newBuilder(URI.create(base + "/fapi/v1/ticker/24hr?symbol=BTCUSDT")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Bars perp = recorded.assets().get(0).perp();
      assertTrue(ticker.contains("\"lastPrice\":\"" + Fixed.toString(perp.close()[perp.size() - 1]) + "\""), ticker);
      assertTrue(ticker.contains("\"openTime\":" + perp.openTime()[perp.size() - 3] + ","), ticker);
      assertTrue(ticker.contains("\"bidPrice\""), ticker);

      Path dir = tmp.resolve("downloaded");
      String[] args = {"data", "download", "--data", dir.toString(), "--base-url", base, "--symbols", "BTCUSDT",
          "--interval", "8h", "--from", "2023-11-01", "--to", "2023-11-08"};
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args), err + out.toString());
      assertTrue(out.toString().contains("0 checksum-verified), 15 from the REST API"),
          "7 days of spot and of perp klines and a funding file, all over REST: " + out);

      MarketData downloaded = MarketDataLoader.load(DataCatalog.scan(dir), new MarketDataLoader.Request("BINANCE",
          List.of("BTCUSDT"), 0, FROM, TO, false)).data();
      AssetSeries want = recorded.assets().get(0);
      AssetSeries got = downloaded.assets().get(0);
      // the loader's window holds the bar that closes at --from (it opened the day before); a download
      // of days from --from starts with the bar that opens then
      int skip = 0;
      while (want.perp().openTime()[skip] < FROM) {
        skip++;
      }
      int bars = want.perp().size() - skip;
      assertTrue(bars >= 20, "about three 8-hour bars a day for seven days: " + bars);
      assertEquals(bars, got.perp().size(), "every bar of the days asked for");
      assertArrayEquals(tail(want.spot().openTime(), skip), got.spot().openTime());
      assertArrayEquals(tail(want.spot().close(), skip), got.spot().close(), "spot closes, exactly");
      assertArrayEquals(tail(want.spot().volume(), skip), got.spot().volume());
      assertArrayEquals(tail(want.perp().close(), skip), got.perp().close(), "perp closes, exactly");
      // the settlements as written (the loader drops one before the first downloaded bar's close)
      List<String> settlements = java.nio.file.Files.readAllLines(dir.resolve(
          "data/futures/um/daily/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2023-11-01_2023-11-08.csv"));
      List<String> expected = new java.util.ArrayList<>();
      for (int k = 0; k < want.funding().size(); k++) {
        expected.add(want.funding().time()[k] + "," + Rate.toString(want.funding().rate()[k]));
      }
      assertEquals(expected, settlements.stream().skip(1).map(l -> l.substring(0, l.lastIndexOf(','))).toList(),
          "every settlement of the window, time and rate");

      StringWriter again = new StringWriter();
      assertEquals(0, Main.run(new PrintWriter(again, true), new PrintWriter(new StringWriter(), true), args));
      assertTrue(again.toString().contains("0 from the REST API, 15 already present"),
          "a second run fetches nothing it has: " + again);
    }
  }

  /**
   * Fifteen months over REST (a request a day per market, a month of funding at a time) from a
   * venue whose spot series lacks one bar: every settlement is the recorded one, and the day with
   * the missing bar is written with the bars the venue has and reported as a gap, not filled in.
   * (Pages within a request: BinanceDownloaderTest, with a day of minute bars.)
   */
  @Test
  void aLongHistoryComesInPagesAndAGapIsReportedNotFilled() throws Exception {
    MarketData full = MarketDataLoader.load(DataCatalog.scan(SharedData.dir()), new MarketDataLoader.Request(
        "BINANCE", List.of("BTCUSDT"), 0, Times.parse("2023-01-01"), Times.parse("2024-04-01"), false)).data();
    AssetSeries btc = full.assets().get(0);
    int hole = 300; // a spot bar the venue never recorded
    MarketData gapped = new MarketData(full.venue(), List.of(new AssetSeries(btc.asset(), without(btc.spot(), hole),
        btc.perp(), btc.funding())), full.sentiment(), full.from(), full.to());
    try (LoopbackServer venue = replayed(gapped, VenueFaults.NONE)) {
      Path dir = tmp.resolve("long");
      // the downloader itself, with waits that return at once: it keeps under the weight budget a real
      // venue announces by pausing into the next minute, which here would take minutes of the test
      List<String> log = new java.util.ArrayList<>();
      var summary = downloader(venue, log::add).download(new io.fundarb.ops.data.BinanceDownloader.Request(
          List.of("BTCUSDT"), "8h", java.time.LocalDate.parse("2023-01-01"), java.time.LocalDate.parse("2024-03-31"),
          false), dir); // days to the last whole day the data holds
      String day = Times.format(btc.spot().openTime()[hole]).substring(0, 10);
      assertTrue(log.contains("gap: data/spot/daily/klines/BTCUSDT/8h/BTCUSDT-8h-" + day
          + ".csv has 2 of the day's 3 bars (the venue has no others; fundarb data check reports it)"),
          String.join("\n", log.stream().filter(l -> l.startsWith("gap")).toList()));
      assertEquals(1, summary.missingBars(), String.join("\n", log.stream().filter(l -> l.startsWith("gap")).toList()));
      assertEquals(1 + 2, java.nio.file.Files.readAllLines(dir.resolve("data/spot/daily/klines/BTCUSDT/8h/BTCUSDT-8h-"
          + day + ".csv")).size(), "a header and the two bars the venue has");
      List<String> expected = new java.util.ArrayList<>();
      for (int k = 0; k < btc.funding().size(); k++) {
        if (btc.funding().time()[k] < Times.parse("2024-03-31")) {
          expected.add(btc.funding().time()[k] + "," + Rate.toString(btc.funding().rate()[k]));
        }
      }
      assertTrue(expected.size() > 1_000, "fifteen months of settlements: " + expected.size());
      List<String> settlements = new java.util.ArrayList<>();
      try (var files = java.nio.file.Files.list(dir.resolve("data/futures/um/daily/fundingRate/BTCUSDT"))) {
        for (Path month : files.sorted().toList()) {
          java.nio.file.Files.readAllLines(month).stream().skip(1).map(l -> l.substring(0, l.lastIndexOf(',')))
              .forEach(settlements::add);
        }
      }
      assertEquals(expected, settlements, "every settlement, month by month");
    }
  }

  /**
   * A download cut off when the venue goes away, then run again against a venue that corrupts
   * every fifth market-data answer, then against a sound one: the first two stop with the URL and
   * the reason on one line and leave no half-written file; the last fetches only what is missing and
   * ends with the recorded series.
   */
  @Test
  void anInterruptedOrCorruptDownloadLeavesNoHalfFileAndResumes() throws Exception {
    MarketData recorded = MarketDataLoader.load(DataCatalog.scan(SharedData.dir()), new MarketDataLoader.Request(
        "BINANCE", List.of("BTCUSDT"), 0, FROM, TO, false)).data();
    Path dir = tmp.resolve("resumed");
    java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
    try (LoopbackServer venue = replayed(recorded, VenueFaults.NONE)) {
      var downloader = downloader(venue, line -> {
        if (line.startsWith("rest ") && written.incrementAndGet() == 4) {
          try {
            venue.close(); // the venue goes away after four days
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });
      var request = new io.fundarb.ops.data.BinanceDownloader.Request(List.of("BTCUSDT"), "8h",
          java.time.LocalDate.parse("2023-11-01"), java.time.LocalDate.parse("2023-11-08"), false);
      java.io.IOException cut = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> downloader.download(request, dir));
      assertTrue(cut.getMessage().contains("127.0.0.1"), cut.getMessage());
    }
    assertEquals(List.of(), parts(dir), "nothing half-written");
    VenueFaults corrupt = new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 0, 0, 5, 1);
    try (LoopbackServer venue = replayed(recorded, corrupt)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertEquals(2, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args(dir, venue)), out.toString());
      assertTrue(err.toString().startsWith("error: download failed: ") && err.toString().contains("not JSON")
          && err.toString().strip().lines().count() == 1, "one line with the reason: " + err);
      assertTrue(venue.venue().injected().corruptPayloads() >= 1);
    }
    assertEquals(List.of(), parts(dir), "nothing half-written");
    try (LoopbackServer venue = replayed(recorded, VenueFaults.NONE)) {
      StringWriter out = new StringWriter();
      assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args(dir, venue)));
      assertTrue(out.toString().matches("(?s).*\\d+ from the REST API, [1-9]\\d* already present.*"),
          "the days fetched before are kept: " + out);
    }
    MarketData downloaded = MarketDataLoader.load(DataCatalog.scan(dir), new MarketDataLoader.Request("BINANCE",
        List.of("BTCUSDT"), 0, FROM, TO, false)).data();
    AssetSeries want = recorded.assets().get(0);
    int skip = 0;
    while (want.perp().openTime()[skip] < FROM) {
      skip++;
    }
    assertArrayEquals(tail(want.perp().close(), skip), downloaded.assets().get(0).perp().close());
    assertArrayEquals(tail(want.spot().close(), skip), downloaded.assets().get(0).spot().close());
  }

  private static io.fundarb.ops.data.BinanceDownloader downloader(LoopbackServer venue,
      java.util.function.Consumer<String> log) {
    java.net.URI base = java.net.URI.create(venue.httpBase() + "/");
    return new io.fundarb.ops.data.BinanceDownloader(new io.fundarb.ops.data.BinanceDownloader.Endpoints(base, base,
        base, base), ms -> { }, io.fundarb.engine.time.Clock.system(), log);
  }

  private static String[] args(Path dir, LoopbackServer venue) {
    return new String[] {"data", "download", "--data", dir.toString(), "--base-url", venue.httpBase(), "--symbols", "BTCUSDT",
        "--interval", "8h", "--from", "2023-11-01", "--to", "2023-11-08"};
  }

  private static List<Path> parts(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return List.of();
    }
    try (var files = java.nio.file.Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
    }
  }

  /** The whole of {@code data} replayed at once, with budgets off (a long download asks thousands of times). */
  private static LoopbackServer replayed(MarketData data, VenueFaults faults) throws Exception {
    LoopbackServer venue = LoopbackServer.start(data, TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT"),
        RealData.VENUE, Rate.ofBps("1"), Rate.parse("0.1"), Fixed.ofUnits(100_000),
        new LoopbackVenue.Credentials("k", "s"), faults, 0, 0, CompletableFuture.completedFuture(null));
    venue.venue().weightLimits(0, 0);
    venue.replay().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    return venue;
  }

  /** {@code bars} without row {@code hole}. */
  private static Bars without(Bars bars, int hole) {
    return new Bars(bars.intervalMs(), cut(bars.openTime(), hole), cut(bars.open(), hole), cut(bars.high(), hole),
        cut(bars.low(), hole), cut(bars.close(), hole), cut(bars.volume(), hole),
        java.util.stream.IntStream.range(0, bars.size()).filter(r -> r != hole)
            .mapToDouble(r -> bars.quoteVolume()[r]).toArray(), cut(bars.trades(), hole));
  }

  private static long[] cut(long[] values, int hole) {
    return java.util.stream.IntStream.range(0, values.length).filter(r -> r != hole).mapToLong(r -> values[r])
        .toArray();
  }

  private static long[] tail(long[] values, int from) {
    return java.util.Arrays.copyOfRange(values, from, values.length);
  }
}
