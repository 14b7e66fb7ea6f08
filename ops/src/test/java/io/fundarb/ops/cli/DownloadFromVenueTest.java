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

  private static long[] tail(long[] values, int from) {
    return java.util.Arrays.copyOfRange(values, from, values.length);
  }
}
