package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.Bars;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.loopback.ReplayedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The loopback venue's public market data over REST, read with the real XChange client where it has a call. */
class VenueHistoryTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("venue-history-test");
  private static final long EIGHT_HOURS = ReplayedVenue.EIGHT_HOURS;

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  @Test
  void klinesAreTheReplayedBarsExactlyAndOnlyThoseTheReplayHasClosed() throws Exception {
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 30, VenueFaults.NONE)) {
      venue.open(SYSTEM, 0, 1).toCompletableFuture().get(30, TimeUnit.SECONDS);
      BinanceVenueClient client = client(venue);
      Bars spot = venue.data().assets().get(1).spot();
      Bars perp = venue.data().assets().get(1).perp();
      Drops drops = new Drops("test");

      List<MarketUpdate.Kline> spotBars = client.klines(Leg.SPOT, "ETHUSDT", EIGHT_HOURS, spot.openTime()[0],
          Long.MAX_VALUE / 2, drops);
      List<MarketUpdate.Kline> perpBars = client.klines(Leg.PERP, "ETHUSDT", EIGHT_HOURS, perp.openTime()[10],
          perp.closeTime(19) - 1, drops);

      assertEquals(30, spotBars.size(), "every replayed bar, none beyond the replay");
      for (int r = 0; r < 30; r++) {
        MarketUpdate.Kline k = spotBars.get(r);
        assertEquals(spot.openTime()[r], k.openTime());
        assertEquals(spot.closeTime(r) - 1, k.closeTime(), "Binance's close time: the bar's last millisecond");
        assertEquals(List.of(spot.open()[r], spot.high()[r], spot.low()[r], spot.close()[r], spot.volume()[r]),
            List.of(k.open(), k.high(), k.low(), k.close(), k.volume()), "bar " + r);
      }
      assertEquals(10, perpBars.size(), "the perp's bars 10..19 from the futures endpoint");
      assertEquals(perp.close()[19], perpBars.get(9).close());
      assertEquals(0, drops.total());
    }
  }

  @Test
  void settlementsAreTheRecordedOnesOfTheReplayedSpanAndNoneBeyondIt() throws Exception {
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 12, VenueFaults.NONE)) {
      venue.open(SYSTEM, 0, 1).toCompletableFuture().get(30, TimeUnit.SECONDS);
      BinanceVenueClient client = client(venue);
      var recorded = venue.data().assets().get(1).funding();
      Bars perp = venue.data().assets().get(1).perp();
      Drops drops = new Drops("test");

      List<MarketUpdate.Settlement> all = client.settlements("ETHUSDT", perp.openTime()[0], Long.MAX_VALUE / 2, drops);
      List<MarketUpdate.Settlement> some = client.settlements("ETHUSDT", perp.closeTime(3), perp.closeTime(6), drops);

      assertTrue(all.size() >= 12, "a settlement per replayed 8-hour bar: " + all);
      assertTrue(all.get(all.size() - 1).fundingTime() <= perp.closeTime(11), "none the replay has not reached");
      for (MarketUpdate.Settlement s : all) {
        int k = java.util.Arrays.binarySearch(recorded.time(), s.fundingTime());
        assertTrue(k >= 0, "a recorded settlement time: " + s);
        assertEquals(recorded.rate()[k], s.rate(), "the recorded rate, exactly: " + s);
      }
      assertEquals(List.of(perp.closeTime(3), perp.closeTime(4), perp.closeTime(5), perp.closeTime(6)),
          some.stream().map(MarketUpdate.Settlement::fundingTime).toList(), "from and to both inclusive");
      assertEquals(0, drops.total());
    }
  }

  @Test
  void topOfBookAndFundingHistoryAnswerInBinancesShapes() throws Exception {
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 6, VenueFaults.NONE)) {
      venue.open(SYSTEM, 0, 1).toCompletableFuture().get(30, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();

      String ticker = get(http, venue.httpBase() + "/api/v3/ticker/bookTicker?symbol=BTCUSDT");
      String depth = get(http, venue.httpBase() + "/fapi/v1/depth?symbol=BTCUSDT");
      String five = get(http, venue.httpBase() + "/fapi/v1/depth?symbol=BTCUSDT&limit=5");
      String funding = get(http, venue.httpBase() + "/fapi/v1/fundingRate?symbol=BTCUSDT&limit=2");
      String unknown = get(http, venue.httpBase() + "/api/v3/klines?symbol=DOGEUSDT&interval=8h");
      String interval = get(http, venue.httpBase() + "/api/v3/klines?symbol=BTCUSDT&interval=7x");

      assertTrue(ticker.contains("\"bidPrice\"") && ticker.contains("\"askQty\""), ticker);
      // ten levels a side, best first, every price on the perp's 0.1 tick and every size on its 0.001 step
      var book = new com.fasterxml.jackson.databind.ObjectMapper().readTree(depth);
      for (String side : List.of("bids", "asks")) {
        assertEquals(10, book.get(side).size(), depth);
        for (int k = 0; k < 10; k++) {
          long price = Fixed.parse(book.get(side).get(k).get(0).asText());
          assertEquals(0, price % Fixed.parse("0.1"), depth);
          assertEquals(0, Fixed.parse(book.get(side).get(k).get(1).asText()) % Fixed.parse("0.001"), depth);
          if (k > 0) {
            long before = Fixed.parse(book.get(side).get(k - 1).get(0).asText());
            assertTrue(side.equals("bids") ? price < before : price > before, depth);
          }
        }
      }
      assertEquals(5, new com.fasterxml.jackson.databind.ObjectMapper().readTree(five).get("asks").size(), five);
      var first = venue.data().assets().get(0).funding();
      assertTrue(funding.startsWith("[{\"symbol\":\"BTCUSDT\",\"fundingTime\":" + first.time()[0] + ",\"fundingRate\":\""
          + Rate.toString(first.rate()[0]) + "\""), funding);
      assertTrue(unknown.contains("\"code\":-1121"), unknown);
      assertTrue(interval.contains("\"code\":-1120"), interval);
    }
  }

  private static BinanceVenueClient client(ReplayedVenue venue) {
    return BinanceVenueClient.connect(venue.httpBase(), venue.httpBase(), ReplayedVenue.KEYS.apiKey(),
        ReplayedVenue.KEYS.secret(), new RetryDelay(50, 500, 3));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
