package io.fundarb.ops.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fundarb series the Grafana dashboard under {@code ops/deploy} plots, for tests that check them against /metrics. */
final class GrafanaDashboard {
  private static final Path FILE = Path.of("deploy", "grafana", "fundarb-dashboard.json");
  private static final Pattern SERIES = Pattern.compile("fundarb_[a-z_]+");

  private GrafanaDashboard() {}

  static Set<String> series() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = SERIES.matcher(Files.readString(FILE));
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Series {@link FeedMetrics} adds on a node whose venue is reached over the Binance protocol. */
  static boolean isFeedSeries(String name) {
    return name.startsWith("fundarb_market_") || name.startsWith("fundarb_feed_")
        || name.startsWith("fundarb_order_round_trip");
  }
}
