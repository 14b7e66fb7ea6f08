package io.fundarb.ops.admin;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.ops.alert.Alert;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.streams.loopback.ReplayedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import io.fundarb.streams.market.TopOfBook;
import io.fundarb.streams.xchange.BinanceVenueClient;
import io.fundarb.streams.xchange.LiveFeed;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A live feed and the REST client against a faulty loopback venue, watched the way a node
 * watches them: what /metrics exposes and which alerts are raised.
 */
class FeedMetricsTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("feed-metrics-test");

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private static final String ETH_PERP_STALENESS = "fundarb_feed_staleness_seconds{leg=\"perp\",symbol=\"ETHUSDT\"}";

  @Test
  void feedFaultsRestartsStalenessAndOrderRoundTripsAreExposedAndAlerted() throws Exception {
    // every 9th frame cut in half, each websocket closed after 60 frames, every futures order rejected
    VenueFaults faults = new VenueFaults(0, 1, 0, 1.0, "futures", 0, 9, Duration.ZERO, 60, 0, 0, 5);
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 30, faults); Alerts alerts = Alerts.logOnly()) {
      venue.venue().deposit("USDT", Fixed.parse("100000"));
      Universe universe = ReplayedVenue.universe();
      LiveFeed feed = LiveFeed.start(new LiveFeed.Settings(venue.websocket("spot"), venue.websocket("futures"),
          Duration.ofMillis(20), Duration.ofMillis(100), 0.1, 1024, Duration.ofMillis(400), Duration.ofSeconds(5)), universe,
          ReplayedVenue.EIGHT_HOURS, (asset, step) -> { }, new TopOfBook(), SYSTEM);
      feed.listen(alerts.feedListener());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      FeedMetrics.bind(registry, feed, universe, System::currentTimeMillis);
      BinanceVenueClient client = BinanceVenueClient.connect(venue.httpBase(), venue.httpBase(),
          ReplayedVenue.KEYS.apiKey(), ReplayedVenue.KEYS.secret(), new RetryDelay(10, 100, 3));
      FeedMetrics.timeOrders(registry, client);
      assertTrue(feed.notReady().isPresent(), "not ready before the first update");
      venue.open(SYSTEM, 2, 50).toCompletableFuture().get(60, TimeUnit.SECONDS);

      client.marketOrder(Leg.SPOT, "BTCUSDT", Fixed.parse("0.01"), false, "metrics-1");
      assertThrows(BinanceVenueClient.Rejected.class,
          () -> client.marketOrder(Leg.PERP, "BTCUSDT", Fixed.parse("-0.01"), false, "metrics-2"));
      // streams go stale one by one (each at its own last frame): wait for two alerts and the stream checked below
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> alerts.recent().stream()
          .filter(r -> r.alert().kind() == Alert.Kind.FEED_STALE).count() >= 2
          && PrometheusText.value(registry.scrape(), ETH_PERP_STALENESS) >= 0.4);
      String text = registry.scrape();
      assertTrue(feed.notReady().orElse("").startsWith("stale (silent past the limit): "), feed.notReady().toString());
      feed.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals("the market feed has stopped", feed.notReady().orElse(""));

      PrometheusText.assertValid(text);
      assertTrue(value(text, "fundarb_market_events_total{leg=\"spot\"}") > 0, text);
      assertTrue(value(text, "fundarb_market_events_total{leg=\"perp\"}") > 0);
      assertTrue(value(text, "fundarb_market_events_dropped_total{reason=\"malformed\"}") > 0, "cut frames");
      assertEquals(0, value(text, "fundarb_market_events_dropped_total{reason=\"duplicate\"}"));
      assertTrue(value(text, "fundarb_feed_restarts_total{leg=\"spot\"}") >= 1, "reconnects after each close");
      assertTrue(value(text, "fundarb_feed_steps_total") >= 15, "most of the 30 bars became steps");
      double stale = value(text, ETH_PERP_STALENESS);
      assertTrue(stale >= 0.4 && stale < 60, "silent since the replay ended: " + stale);
      assertEquals(1, value(text, "fundarb_order_round_trip_seconds_count{leg=\"spot\",outcome=\"executed\"}"));
      assertEquals(1, value(text, "fundarb_order_round_trip_seconds_count{leg=\"perp\",outcome=\"rejected\"}"));
      assertTrue(text.contains("fundarb_order_round_trip_seconds_bucket{leg=\"spot\",outcome=\"executed\",le=\"0.005\"}"),
          "a histogram with the 5 ms objective as a bucket");
      java.util.List<String> plotted = GrafanaDashboard.series().stream().filter(GrafanaDashboard::isFeedSeries).toList();
      plotted.forEach(name -> assertTrue(text.contains(name), "the dashboard plots " + name + ", not exposed"));
      assertTrue(plotted.size() >= 5, "the dashboard plots the feed's series: " + plotted);
      assertTrue(alerts.recent().stream().anyMatch(r -> r.alert().kind() == Alert.Kind.FEED_DISCONNECTED
          && r.alert().subject().equals("spot websocket")), "a restart is alerted: " + alerts.recent());
    }
  }

  private static double value(String text, String series) {
    double v = PrometheusText.value(text, series);
    assertTrue(!Double.isNaN(v), "no sample " + series);
    return v;
  }
}
