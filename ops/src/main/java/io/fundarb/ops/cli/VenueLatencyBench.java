package io.fundarb.ops.cli;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.venue.FeeSchedule;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.ops.bench.ChurnStrategy;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frame to order on the wire through a real node: the loopback venue (in this JVM) replays the real
 * Binance BTC and ETH bars at {@code barsPerSecond}; {@code fundarb paper --venue-url} runs in a
 * child JVM against it, exactly as a user runs it, with a strategy that changes its target at every
 * bar ({@link ChurnStrategy}), so every bar of every asset sends a hedge. Both ends are timed on the
 * venue's clock ({@link System#nanoTime}): from the websocket emission of the frame that closes an
 * asset's bar (the later of its two legs' closing trades: the node closes a step when both legs
 * traded at its last millisecond) to the arrival of the asset's first order after it. A bar with
 * no order before the asset's next bar counts as missing, never as a fast one.
 */
final class VenueLatencyBench {
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("bench-key", "bench-secret");

  /** Latencies in microseconds over the bars after the warm-up; orders per second over the same span. */
  record Result(int bars, int samples, int missing, double p50, double p99, double p999, double max,
      double ordersPerSecond, boolean nodeEnded, int remoteSamples, double remoteP50, double remoteP99) {}

  private VenueLatencyBench() {}

  /**
   * @param dataDir where {@code data} was loaded from (the node loads it too)
   * @param nodeClassPath the node's class path: this build's, or another build's jar to compare with
   * @param work an empty directory for the child node's run (its output goes to {@code node.log} there)
   */
  static Result run(Path dataDir, MarketData data, FundarbConfig config, int barsPerSecond, int warmupBars,
      String nodeClassPath, Path work, BenchCluster cluster) throws Exception {
    long stepMs = data.assets().get(0).perp().intervalMs();
    Map<String, ConcurrentSkipListMap<Long, Long>> closes = new ConcurrentHashMap<>();
    Map<String, ConcurrentSkipListSet<Long>> firstOrders = new ConcurrentHashMap<>();
    ConcurrentSkipListSet<Long> allOrders = new ConcurrentSkipListSet<>();
    AtomicLong sequence = new AtomicLong(); // two orders may arrive in the same nanosecond
    CompletableFuture<Void> open = new CompletableFuture<>();
    double speed = stepMs * (double) barsPerSecond / 1_000;
    // no fees and no spread: a strategy that trades every bar would otherwise lose its way into the risk
    // rules' halts (stop-loss, losing streak) and stop sending the orders this measures
    SimVenueConfig fees = config.simVenue(data.venue(), null);
    SimVenueConfig free = new SimVenueConfig(fees.latencyMs(), fees.maxParticipation(), fees.slippage(),
        new FeeSchedule(0, 0), new FeeSchedule(0, 0), fees.spotBorrow(), fees.borrowRateAnnual(),
        fees.maxBorrowToEquity());
    try (LoopbackServer venue = LoopbackServer.start(data, config.universe(data.venue(),
        data.assets().stream().map(a -> a.asset().symbol()).toList()), free, 0, Rate.parse("0.5"), config.capital(), KEYS,
        VenueFaults.NONE, speed, 0, open,
        feed -> (market, streams) -> feed.apply(market, streams).map(text -> {
          noteClose(text, stepMs, closes);
          return text;
        }))) {
      // the node's hedges at these rates pass Binance's weight budgets (2,400 a minute on futures): the
      // benchmark measures the node, not the venue's throttling
      venue.venue().weightLimits(0, 0);
      venue.venue().onOrderArrival((id, nanos) -> {
        allOrders.add(nanos * 16 + (sequence.incrementAndGet() & 15));
        if (id.endsWith("-S0") || id.endsWith("-P0")) { // a hedge's first child on either leg
          firstOrders.computeIfAbsent(id.split("-")[1], s -> new ConcurrentSkipListSet<>()).add(nanos);
        }
      });
      Thread opener = new Thread(() -> { // the market opens once the node is connected and every member is in
        while ((venue.venue().websocketConnections() < 2 || !cluster.allUp())
            && !Thread.currentThread().isInterrupted()) {
          sleep(20);
        }
        open.complete(null);
      }, "bench-opener");
      opener.setDaemon(true);
      opener.start();
      Path extra = strategyDirectory(work);
      Path noFees = noFees(work, data);
      Map<String, String> env = Map.of(VenueCommand.KEY_ENV, KEYS.apiKey(), VenueCommand.SECRET_ENV, KEYS.secret(),
          "FUNDARB_LOG_LEVEL", "WARN");
      cluster.startMembers(jvm(nodeClassPath, extra), noFees, ChurnStrategy.NAME, env, work);
      Process node = node(venue, dataDir, data, jvm(nodeClassPath, extra), noFees, env, work, cluster).start();
      cluster.watchPlacement();
      long budget = (long) Math.ceil((double) barsCount(data) / barsPerSecond) + 120;
      // a build whose node does not end when the venue's replay does (before the node-shape redesign)
      // is stopped once the replay is surely over: its orders are all in by then
      boolean ended = node.waitFor(budget, TimeUnit.SECONDS);
      if (!ended) {
        node.destroyForcibly().waitFor();
      } else if (node.exitValue() != 0) {
        throw new IllegalStateException("the node exited with " + node.exitValue() + "; see " + work.resolve(
            "node.log"));
      }
      return measure(closes, firstOrders, allOrders, warmupBars, ended, cluster);
    }
  }

  private static Result measure(Map<String, ConcurrentSkipListMap<Long, Long>> closes,
      Map<String, ConcurrentSkipListSet<Long>> firstOrders, ConcurrentSkipListSet<Long> allOrders, int warmupBars,
      boolean nodeEnded, BenchCluster cluster) {
    List<Long> latencies = new ArrayList<>();
    List<Long> remote = new ArrayList<>(); // of assets whose entity ran on another member than the run's node
    int bars = 0;
    int missing = 0;
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (var symbol : closes.entrySet()) {
      List<Long> emitted = new ArrayList<>(symbol.getValue().values());
      NavigableSet<Long> orders = firstOrders.getOrDefault(symbol.getKey(), new ConcurrentSkipListSet<>());
      for (int k = warmupBars; k < emitted.size(); k++) {
        long closed = emitted.get(k);
        long next = k + 1 < emitted.size() ? emitted.get(k + 1) : Long.MAX_VALUE;
        Long order = orders.ceiling(closed);
        bars++;
        from = Math.min(from, closed);
        to = Math.max(to, closed);
        if (order == null || order >= next) {
          missing++;
        } else {
          latencies.add(order - closed);
          if (cluster.remoteAt(symbol.getKey(), closed)) {
            remote.add(order - closed);
          }
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long inSpan = allOrders.subSet(from * 16, to * 16 + 16).size();
    double seconds = Math.max(1e-9, (to - from) / 1e9);
    long[] elsewhere = remote.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(bars, sorted.length, missing, micros(sorted, 0.5), micros(sorted, 0.99), micros(sorted, 0.999),
        micros(sorted, 1.0), inSpan / seconds, nodeEnded, elsewhere.length, micros(elsewhere, 0.5),
        micros(elsewhere, 0.99));
  }

  /** A bar's closing trade (at its last millisecond) on either leg: the later of the two closes the node's step. */
  private static void noteClose(String text, long stepMs, Map<String, ConcurrentSkipListMap<Long, Long>> closes) {
    if (!text.contains("@aggTrade")) {
      return;
    }
    long now = System.nanoTime();
    int t = text.lastIndexOf("\"T\":");
    int end = t + 4;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    long tradeTime = Long.parseLong(text.substring(t + 4, end));
    if ((tradeTime + 1) % stepMs != 0) {
      return; // one of the bar's earlier trades
    }
    int s = text.indexOf("\"s\":\"") + 5;
    String symbol = text.substring(s, text.indexOf('"', s));
    closes.computeIfAbsent(symbol, k -> new ConcurrentSkipListMap<>()).merge(tradeTime + 1, now, Math::max);
  }

  private static long barsCount(MarketData data) {
    return data.assets().get(0).perp().size();
  }

  /** The bench strategy's classes and a services file listing it (it is on no jar's strategy list). */
  private static Path strategyDirectory(Path work) throws IOException {
    Path extra = work.resolve("bench-strategy");
    Files.createDirectories(extra.resolve("META-INF/services"));
    Files.writeString(extra.resolve("META-INF/services/io.fundarb.engine.strategy.StrategyFactory"),
        ChurnStrategy.Factory.class.getName() + "\n", StandardCharsets.UTF_8);
    for (Class<?> c : List.of(ChurnStrategy.class, ChurnStrategy.Factory.class)) {
      String file = c.getName().replace('.', '/') + ".class";
      Files.createDirectories(extra.resolve(file).getParent());
      try (var in = c.getClassLoader().getResourceAsStream(file)) {
        Files.copy(in, extra.resolve(file));
      }
    }
    return extra;
  }

  /** The node books the fees its config names: none, like the venue. */
  private static Path noFees(Path work, MarketData data) throws IOException {
    Path fees = work.resolve("no-fees.conf");
    Files.writeString(fees, "fundarb.venues." + data.venue().toLowerCase(Locale.ROOT) + " { fee-tier = BENCH,"
        + " fee-tiers.BENCH { spot { maker-bps = 0, taker-bps = 0 }, perp { maker-bps = 0, taker-bps = 0 } } }\n",
        StandardCharsets.UTF_8);
    return fees;
  }

  /** A fundarb JVM on {@code nodeClassPath} (this JVM's, or another build's jar) plus the bench strategy. */
  private static List<String> jvm(String nodeClassPath, Path extra) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-Duser.timezone=UTC", "-Dai.djl.offline=true"));
    String home = System.getProperty("fundarb.home");
    if (home != null) {
      command.add("-Dfundarb.home=" + home);
    }
    command.addAll(List.of("-cp", nodeClassPath + File.pathSeparator + extra, Main.class.getName()));
    return command;
  }

  /** {@code fundarb paper} against the venue in a child JVM, as a user runs it (with the cluster's options). */
  private static ProcessBuilder node(LoopbackServer venue, Path dataDir, MarketData data, List<String> jvm, Path fees,
      Map<String, String> env, Path work, BenchCluster cluster) {
    List<String> command = new ArrayList<>(jvm);
    command.addAll(List.of("paper", "--config", fees.toString(), "--data", dataDir.toString(), "--venue-url",
        venue.httpBase(), "--strategy", ChurnStrategy.NAME, "--from", Times.isoInstant(data.from()), "--to",
        Times.isoInstant(data.to()), "--out", work.resolve("run").toString()));
    command.addAll(cluster.runNodeOptions());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("node.log").toFile());
    builder.environment().putAll(env);
    return builder;
  }

  private static double micros(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
    return sorted[i] / 1_000.0;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
