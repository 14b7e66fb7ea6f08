package io.fundarb.ops.admin;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.xchange.BinanceVenueClient;
import io.fundarb.streams.xchange.LiveFeed;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live shells' figures in a node's registry: market events in per leg and dropped by reason,
 * websocket connections and restarts per leg, steps assembled, each stream's staleness (seconds
 * since its last update), and every order's round trip to the venue by leg and outcome.
 */
public final class FeedMetrics {
  private FeedMetrics() {
  }

  /** Registers {@code feed}'s figures; staleness for every leg of every asset of {@code universe}. */
  public static void bind(MeterRegistry registry, LiveFeed feed, Universe universe, LongSupplier clockMs) {
    for (Leg leg : Leg.values()) {
      String tag = label(leg);
      FunctionCounter.builder("fundarb_market_events", feed, f -> f.updates(leg))
          .description("valid market updates in from the venue's websockets").tag("leg", tag).register(registry);
      FunctionCounter.builder("fundarb_feed_connections", feed, f -> f.connections(leg))
          .description("websocket connection attempts (the first and every restart)").tag("leg", tag).register(registry);
      FunctionCounter.builder("fundarb_feed_restarts", feed, f -> f.restarts(leg))
          .description("websocket restarts after a disconnect or failure").tag("leg", tag).register(registry);
    }
    for (DropReason reason : DropReason.values()) {
      FunctionCounter.builder("fundarb_market_events_dropped", feed, f -> f.drops().count(reason))
          .description("frames dropped before they became market updates, by reason")
          .tag("reason", label(reason)).register(registry);
    }
    FunctionCounter.builder("fundarb_feed_steps", feed, LiveFeed::steps)
        .description("steps assembled from the streams and offered to the node").register(registry);
    for (int a = 0; a < universe.assetCount(); a++) {
      String symbol = universe.pair(a).asset().symbol();
      for (Leg leg : Leg.values()) {
        String stream = FeedEvent.stream(symbol, leg);
        Gauge.builder("fundarb_feed_staleness_seconds", feed, f -> {
          Long last = f.lastUpdates().get(stream);
          return last == null ? Double.NaN : (clockMs.getAsLong() - last) / 1_000.0;
        }).description("seconds since the stream's last valid update (NaN before the first)")
            .tag("symbol", symbol).tag("leg", label(leg)).register(registry);
      }
    }
  }

  /** Times every order {@code client} sends from now on. */
  public static void timeOrders(MeterRegistry registry, BinanceVenueClient client) {
    client.timeOrders((leg, outcome, nanos) -> Timer.builder("fundarb_order_round_trip")
        .description("an order sent to the venue until its execution is known, retries included")
        .tag("leg", label(leg)).tag("outcome", label(outcome))
        .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS));
  }

  /** An enum constant as a Prometheus label value: lower case. */
  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
