package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Rate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** Binance's request-weight limits on the loopback venue: the header on every answer, 429, then 418. */
class RequestWeightsTest {
  private static final long MINUTE_START = 1_700_000_040_000L; // a whole minute, in epoch ms

  @Test
  void weightsAddUpWithinAMinuteAndStartAgainWithTheNext() {
    RequestWeights weights = new RequestWeights(30, 0);
    assertEquals(new RequestWeights.Taken(20, 0, 0), weights.take(false, 20, MINUTE_START));
    RequestWeights.Taken over = weights.take(false, 20, MINUTE_START + 15_000);
    assertEquals(429, over.status(), "40 of 30");
    assertEquals(45, over.retryAfterSeconds(), "until the next minute");
    assertEquals(new RequestWeights.Taken(1, 0, 0), weights.take(false, 1, MINUTE_START + 60_000), "a new minute");
    assertEquals(new RequestWeights.Taken(100_000, 0, 0), weights.take(true, 100_000, MINUTE_START),
        "the futures budget is its own, and 0 means no limit");
  }

  @Test
  void aClientThatKeepsSendingAfter429IsBannedWith418() {
    RequestWeights weights = new RequestWeights(1, 1);
    weights.take(true, 1, MINUTE_START);
    for (int k = 0; k < RequestWeights.REFUSALS_BEFORE_BAN; k++) {
      assertEquals(429, weights.take(true, 1, MINUTE_START + k).status());
    }
    RequestWeights.Taken banned = weights.take(true, 1, MINUTE_START + 100);
    assertEquals(418, banned.status());
    assertEquals(RequestWeights.BAN_SECONDS, banned.retryAfterSeconds());
    assertEquals(418, weights.take(true, 1, MINUTE_START + 61_000).status(), "the ban outlasts the minute");
    assertEquals(0, weights.take(true, 1, MINUTE_START + 100 + RequestWeights.BAN_SECONDS * 1_000L).status());
  }

  @Test
  void endpointWeightsFollowBinancesTable() {
    assertEquals(20, RequestWeights.weightOf(false, "exchangeInfo", null, false));
    assertEquals(1, RequestWeights.weightOf(true, "exchangeInfo", null, false));
    assertEquals(5, RequestWeights.weightOf(false, "klines", "1000", true));
    assertEquals(10, RequestWeights.weightOf(true, "klines", "1500", true));
    assertEquals(4, RequestWeights.weightOf(false, "price", null, false));
    assertEquals(1, RequestWeights.weightOf(false, "price", null, true));
    assertEquals(1, RequestWeights.weightOf(false, "order", null, true));
  }

  /** Over HTTP: every REST answer carries the minute's weight; past the limit, 429 with Retry-After, then 418. */
  @Test
  void theVenueCarriesTheWeightHeaderAndRefusesPastTheLimit() throws Exception {
    ActorSystem system = ActorSystem.create("request-weights-test");
    try {
      AtomicLong clock = new AtomicLong(MINUTE_START);
      LoopbackVenue venue = new LoopbackVenue(new LoopbackVenue.Credentials("k", "s"), Rate.parse("0.001"),
          Rate.parse("0.0005"), clock::get, (m, s) -> Source.never());
      venue.weightLimits(45, 0);
      ServerBinding binding = venue.bind(system, 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/exchangeInfo")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, first.statusCode());
      assertEquals("20", first.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElse(""));
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/exchangeInfo")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      clock.addAndGet(30_000);
      HttpResponse<String> over = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/exchangeInfo")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(429, over.statusCode(), over.body());
      assertEquals("30", over.headers().firstValue("Retry-After").orElse(""), "to the next minute");
      assertTrue(over.body().contains("-1003"), over.body());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/fapi/v1/time")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode(), "futures has its own budget");
      for (int k = 0; k < RequestWeights.REFUSALS_BEFORE_BAN; k++) {
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/time")).build(), HttpResponse.BodyHandlers.ofString());
      }
      assertEquals(418, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/time")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode(), "banned after ignoring the 429s");
    } finally {
      system.terminate();
    }
  }
}
