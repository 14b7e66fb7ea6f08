package io.fundarb.ops.cli;

import static io.fundarb.ops.cli.ClusterProbe.answers;
import static io.fundarb.ops.cli.ClusterProbe.cluster;
import static io.fundarb.ops.cli.ClusterProbe.entitiesOn;
import static io.fundarb.ops.cli.ClusterProbe.freePorts;
import static io.fundarb.ops.cli.ClusterProbe.get;
import static io.fundarb.ops.cli.ClusterProbe.send;
import static io.fundarb.ops.cli.ClusterProbe.upMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.Required;
import io.fundarb.engine.testing.SharedData;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster trading on a connected venue, as the README starts one: the loopback venue in this JVM
 * (it outlives every node), {@code fundarb paper --venue-url ...} and two {@code fundarb node
 * --connected}, three JVMs on a PostgreSQL database of their own, thirty asset entities. The shared
 * data holds two assets, so the venue and the nodes serve the real BTCUSDT and ETHUSDT series under
 * fifteen extra test symbols each ({@code BTCAUSDT ... ETHOUSDT}: the same bars and funding, BTC's and
 * ETH's instrument rules). The market opens once all three members are up, and a member is killed
 * with SIGKILL mid-run: one hosting assets, or the one hosting the account singleton (started first,
 * so the oldest). Either way its assets resume on the survivors from their journals, one of them
 * paused before the kill is still paused, the account's limits survive, every asset trades after
 * the kill, the venue never sees a client order id twice, and at the end the venue holds exactly
 * what each asset's journal says was executed. Each node's output is kept in
 * {@code target/connected-cluster/<drill>/}.
 */
class ConnectedClusterTest {
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("cluster-key", "cluster-secret");
  private static final String TOKEN = "cluster-admin-token";
  private static final String LETTERS = "ABCDEFGHIJKLMNO";
  /** Twenty days of 8-hour bars at 14,400x: two seconds a step, two minutes in all. */
  private static final double SPEED = 14_400;
  private static final Path TRANSCRIPT = Path.of("target", "connected-cluster");
  /**
   * The longest an asset may stop while its member leaves gracefully: the failover budget, a kill's
   * failover on this machine (docs/BENCHMARKS.md: about 18 s for a member of this cluster).
   */
  private static final double FAILOVER_BUDGET_S = 20;

  @TempDir Path tmp;

  /** Three members on the loopback venue, the market open, thirty assets trading. */
  private final class ConnectedNodes implements AutoCloseable {
    final String admin = Required.environment("FUNDARB_TEST_POSTGRES_URL",
        "set it (and FUNDARB_TEST_POSTGRES_USER) to run the connected cluster tests; .ci/run does");
    ScratchDatabase db;
    final String drill;
    final List<String> symbols = new ArrayList<>();
    final int[] ports = freePorts(6);
    final int[] cluster = {ports[0], ports[1], ports[2]};
    final int[] http = {ports[3], ports[4], ports[5]};
    final List<Process> nodes = new ArrayList<>();
    final List<StringBuffer> outputs = new ArrayList<>();
    final Set<String> clientIds = ConcurrentHashMap.newKeySet();
    final AtomicLong repeatedIds = new AtomicLong();
    final Map<String, Long> lastOrder = new ConcurrentHashMap<>();
    final LoopbackServer venue;
    /** Opens the venue's market (its replay starts). */
    final CompletableFuture<Void> open = new CompletableFuture<>();
    /** The member that runs the run (its admin API steers it). */
    final int runner;
    final String base;

    /**
     * @param runnerFirst the run's node starts the cluster (and hosts the account singleton); else a
     *     {@code node} does, and the run's node joins it second
     */
    ConnectedNodes(String drill, boolean runnerFirst) throws Exception {
      this.drill = drill;
      for (String asset : List.of("BTC", "ETH")) {
        for (char c : LETTERS.toCharArray()) {
          symbols.add(asset + c + "USDT");
        }
      }
      Path data = aliasedData();
      Path config = config();
      Universe universe = FundarbConfig.load(config).universe("BINANCE", symbols);
      MarketData market = MarketDataLoader.load(DataCatalog.scan(data), new MarketDataLoader.Request("BINANCE",
          symbols, 0, Times.parse("2023-11-01"), Times.parse("2023-11-21"), false)).data();
      venue = LoopbackServer.start(market, universe, FundarbConfig.load(config).simVenue("BINANCE", null),
          Rate.ofBps("1"), Rate.parse("0.1"), Fixed.ofUnits(100_000_000), KEYS, VenueFaults.NONE, SPEED, 0, open);
      // the replay squeezes eight hours into two seconds: Binance's per-minute request budgets would be
      // spent by the reconciliations of minutes of trading, so they are off (RequestWeightsTest holds them)
      venue.venue().weightLimits(0, 0);
      venue.venue().onOrderArrival((id, nanos) -> {
        if (!clientIds.add(id)) {
          repeatedIds.incrementAndGet();
        }
        lastOrder.put(id.split("-")[1], System.nanoTime());
      });
      runner = runnerFirst ? 0 : 1;
      base = "http://127.0.0.1:" + http[runner];
      try {
        startAll(data, config);
      } catch (Exception | AssertionError e) {
        close(); // keep each node's output and stop them: try-with-resources never got this fixture
        throw e;
      }
    }

    private void startAll(Path data, Path config) throws Exception {
      db = new ScratchDatabase(admin, ClusterProbe.USER, "", "fundarb_connected_" + ProcessHandle.current().pid());
      String journal = db.url();
      String seed = "127.0.0.1:" + cluster[0];
      for (int k = 0; k < 3; k++) {
        List<String> args = new ArrayList<>(k == runner
            ? List.of("paper", "--data", data.toString(), "--venue-url", venue.httpBase(), "--from", "2023-11-01",
                "--to", "2023-11-21", "--out", tmp.resolve("run").toString())
            : List.of("node", "--connected"));
        args.addAll(List.of("--config", config.toString(), "--strategy", "carry", "--cluster-port",
            String.valueOf(cluster[k]), "--seed", seed, "--journal", journal, "--admin-port", String.valueOf(http[k])));
        Process p = ChildJvm.fundarb(args, Map.of(VenueCommand.KEY_ENV, KEYS.apiKey(), VenueCommand.SECRET_ENV,
            KEYS.secret(), "FUNDARB_ADMIN_TOKEN", TOKEN), "768m");
        nodes.add(p);
        outputs.add(ChildJvm.drain(p));
        if (k == 0) { // the first one forms the cluster: the oldest member, where the account singleton runs
          Awaitility.await("the first member up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
              .ignoreExceptions().until(() -> upMembers(cluster("http://127.0.0.1:" + http[0])) == 1);
        }
      }
      Awaitility.await("three members up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions().until(() -> upMembers(cluster(base)) == 3);
      // the market opens once the run's node has both websockets: every member is in by then
      Awaitility.await("the run's websockets").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> venue.venue().websocketConnections() >= 2);
      open.complete(null);
      Awaitility.await("thirty assets hosted, the run under way").atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> cluster(base).path("assets").asInt() == 30
              && Pattern.compile("step ([1-9]\\d+|[6-9]) ").matcher(outputs.get(runner)).find());
      // the members that joined after the first entities started get their share by rebalancing (each
      // shard handed off under load: stopped on one member, recovered from its journal on another)
      Awaitility.await("the assets spread over the three members").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode now = cluster(base);
            return now.path("assets").asInt() == 30 && java.util.Arrays.stream(cluster)
                .allMatch(port -> entitiesOn(now, port).size() >= 6);
          });
    }

    /** The shared series under every test symbol: links into the shared data, nothing copied. */
    private Path aliasedData() throws Exception {
      Path shared = SharedData.dir();
      Path data = tmp.resolve("data");
      for (String symbol : symbols) {
        String real = symbol.substring(0, 3) + "USDT";
        link(data.resolve("klines/spot/BINANCE/" + symbol + "-8h.csv"), shared.resolve("klines/spot/BINANCE/" + real
            + "-8h.csv"));
        link(data.resolve("klines/perp/BINANCE/" + symbol + "-8h.csv"), shared.resolve("klines/perp/BINANCE/" + real
            + "-8h.csv"));
        link(data.resolve("funding/perp/BINANCE/" + symbol + ".csv"), shared.resolve("funding/perp/BINANCE/" + real
            + ".csv"));
      }
      link(data.resolve("sentiment/fear_greed.csv"), shared.resolve("sentiment/fear_greed.csv"));
      return data;
    }

    private void link(Path link, Path target) throws Exception {
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    /**
     * The thirty symbols with BTC's or ETH's rules; capital enough that every asset's share clears the
     * perps' minimum order value, and a rebalance band small enough that assets keep trading.
     */
    private Path config() throws Exception {
      StringBuilder conf = new StringBuilder("fundarb {\n  symbols = [").append(String.join(", ", symbols))
          .append("]\n  capital = 30000000\n  planner.rebalance-band = 0.005\n  exchange.lanes = 8\n");
      for (String symbol : symbols) {
        conf.append("  venues.binance.instruments.").append(symbol).append(" = ${fundarb.venues.binance.instruments.")
            .append(symbol, 0, 3).append("USDT}\n");
      }
      Path file = tmp.resolve("cluster.conf");
      Files.writeString(file, conf.append("}\n").toString());
      return file;
    }

    /** The {@code node} member hosting the most assets (the run's node carries the run and the connection). */
    int busiestNode() throws Exception {
      JsonNode now = cluster(base);
      int victim = -1;
      for (int k = 0; k < 3; k++) {
        if (k != runner && (victim < 0 || entitiesOn(now, cluster[k]).size() > entitiesOn(now, cluster[victim]).size())) {
          victim = k;
        }
      }
      return victim;
    }

    /** Pauses the asset over the run's admin API and waits until its entity says so. */
    void pause(String asset) throws Exception {
      send("POST", base, "/assets/" + asset + "/pause", TOKEN, "{\"reason\":\"drill\"}", 202);
      Awaitility.await(asset + " paused").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(() -> paused(asset));
    }

    boolean paused(String asset) throws Exception {
      return get(base, "/assets/" + asset, Duration.ofSeconds(5)).path("paused").asBoolean();
    }

    /** Kills member {@code victim} with SIGKILL; the seconds until every asset it hosted answers again from a survivor. */
    double kill(int victim, List<String> hosted) throws Exception {
      long killed = System.nanoTime();
      nodes.get(victim).destroyForcibly();
      assertTrue(nodes.get(victim).waitFor(30, TimeUnit.SECONDS));
      Awaitility.await("the killed member's assets answer again").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100)).until(() -> hosted.stream().allMatch(a -> answers(base, a)));
      double seconds = (System.nanoTime() - killed) / 1e9;
      Awaitility.await("the killed member removed, thirty assets on the survivors").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            JsonNode now = cluster(base);
            return ClusterProbe.member(now, cluster[victim]) == null && now.path("assets").asInt() == 30;
          });
      return seconds;
    }

    /**
     * Asks member {@code k} to leave over the admin API while the run trades; its assets hand off to
     * the others and it exits. The longest any of them took to answer (or went without answering), in seconds.
     */
    double leave(int k) throws Exception {
      List<String> moving = entitiesOn(cluster(base), cluster[k]);
      assertTrue(!moving.isEmpty(), "the leaving member hosts assets: " + cluster(base));
      Map<String, Long> silentSince = new ConcurrentHashMap<>();
      AtomicLong longest = new AtomicLong();
      // one watcher per asset, asking every 100 ms: a slow answer of one does not hide another's
      java.util.concurrent.ScheduledExecutorService watchers = java.util.concurrent.Executors
          .newScheduledThreadPool(moving.size());
      for (String asset : moving) {
        watchers.scheduleWithFixedDelay(() -> {
          long asked = System.nanoTime();
          if (answers(base, asset)) { // a stop is as long as the answer took, or since the first unanswered ask
            Long since = silentSince.remove(asset);
            longest.accumulateAndGet(System.nanoTime() - (since != null ? since : asked), Math::max);
          } else {
            silentSince.putIfAbsent(asset, asked);
          }
        }, 0, 100, TimeUnit.MILLISECONDS);
      }
      try {
        send("POST", base, "/cluster/members/127.0.0.1:" + cluster[k] + "/leave", TOKEN, "", 202);
        assertTrue(nodes.get(k).waitFor(90, TimeUnit.SECONDS), "the member leaves and exits: " + outputs.get(k));
        assertEquals(0, nodes.get(k).exitValue(), outputs.get(k).toString());
        Awaitility.await("its assets answering from the others").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> cluster(base).path("assets").asInt() == 30 && moving.stream().allMatch(a -> answers(base, a)));
      } finally {
        watchers.shutdownNow();
        watchers.awaitTermination(5, TimeUnit.SECONDS); // an ask under way ends within its own 1.5 s timeout
      }
      return longest.get() / 1e9;
    }

    /**
     * The run ends on its data with the venue, the journals and the node in agreement, no client
     * order id twice, and every asset but {@code paused} trading after {@code killedAt} (nanoTime).
     */
    void runEndsConsistent(long killedAt, String paused) throws Exception {
      Process run = nodes.get(runner);
      assertTrue(run.waitFor(6, TimeUnit.MINUTES), "the run ends: " + outputs.get(runner));
      String out = outputs.get(runner).toString();
      assertEquals(0, run.exitValue(), out);
      assertTrue(out.contains("finished: end of data"), out);
      assertTrue(out.contains("reconciliation at the end: the venue holds what the node executed"), out);
      assertTrue(out.contains("journals at the end: the venue holds what each of the 30 assets' journals says it"
          + " executed"), out);
      assertEquals(0, repeatedIds.get(), "a client order id reached the venue twice");
      assertEquals(0, venue.venue().duplicateOrdersRefused(), "the venue refused a repeated client order id");
      List<String> idle = symbols.stream().filter(s -> !("BINANCE:" + s).equals(paused))
          .filter(s -> lastOrder.getOrDefault(s, Long.MIN_VALUE) < killedAt).toList();
      assertTrue(idle.isEmpty(), "every asset trades after the kill; these did not: " + idle);
    }

    void record(String line) throws Exception {
      ClusterProbe.record(TRANSCRIPT.resolve(drill), "connected cluster " + drill, line);
    }

    @Override
    public void close() throws Exception {
      ClusterProbe.stopAndKeep(nodes, outputs, TRANSCRIPT.resolve(drill), k -> (k == runner ? "paper" : "node") + "-"
          + (k + 1));
      venue.close();
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void aMemberHostingAssetsKilledMidRunLosesNoOrderAndEveryAssetTradesOn() throws Exception {
    try (ConnectedNodes c = new ConnectedNodes("kill-member", true)) {
      int victim = c.busiestNode();
      List<String> hosted = entitiesOn(cluster(c.base), c.cluster[victim]);
      assertTrue(hosted.size() >= 5, "the assets spread over the members: " + cluster(c.base));
      String paused = hosted.get(0);
      c.pause(paused);
      long killedAt = System.nanoTime();
      double failover = c.kill(victim, hosted);
      assertTrue(c.paused(paused), paused + " was paused on the killed member and is still paused on a survivor");
      // then the other node leaves gracefully while the run trades: its assets hand off to the run's node
      int leaving = 3 - victim - c.runner;
      double longestStop = c.leave(leaving);
      assertTrue(longestStop <= FAILOVER_BUDGET_S, "a graceful leave stops no asset longer than the failover budget ("
          + FAILOVER_BUDGET_S + " s): " + longestStop + " s");
      c.record(String.format(Locale.ROOT, "kill -9 of the member at 127.0.0.1:%d hosting %d assets -> all answering"
          + " again after %.1f s; then the member at 127.0.0.1:%d left gracefully, no asset taking more than %.2f s"
          + " to answer", c.cluster[victim], hosted.size(), failover, c.cluster[leaving], longestStop));
      c.runEndsConsistent(killedAt, paused);
    }
  }

  @Test
  void theAccountSingletonsMemberKilledMidRunHandsTheLimitsToASurvivor() throws Exception {
    try (ConnectedNodes c = new ConnectedNodes("kill-singleton", false)) {
      int victim = 0; // formed the cluster: the oldest member, hosting the account singleton
      JsonNode before = cluster(c.base);
      assertTrue(before.path("accountSingleton").asText().endsWith(":" + c.cluster[victim]), before.toString());
      List<String> hosted = entitiesOn(before, c.cluster[victim]);
      assertTrue(hosted.size() >= 5, "the assets spread over the members: " + before);
      send("PUT", c.base, "/risk/limits/max-daily-loss", TOKEN, "{\"value\":0.015}", 202);
      Awaitility.await("the limit set").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(() -> dailyLossLimit(c) == 0.015);
      String paused = hosted.get(0);
      c.pause(paused);
      long killedAt = System.nanoTime();
      double failover = c.kill(victim, hosted);
      // the next oldest member takes the singleton over (whichever joined first of the two survivors)
      String singleton = Awaitility.await("the account singleton on a survivor").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> cluster(c.base).path("accountSingleton").asText(), a -> a.endsWith(":" + c.cluster[1])
              || a.endsWith(":" + c.cluster[2]));
      Awaitility.await("the account answers from its new member").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> dailyLossLimit(c) > 0);
      assertEquals(0.015, dailyLossLimit(c), "the limit set before the kill, recovered from the account's journal");
      assertTrue(c.paused(paused), paused + " still paused");
      c.record(String.format(Locale.ROOT, "kill -9 of the account singleton's member at 127.0.0.1:%d hosting %d"
          + " assets -> all answering again after %.1f s, the account on %s with its limit", c.cluster[victim],
          hosted.size(), failover, singleton));
      c.runEndsConsistent(killedAt, paused);
    }
  }

  private static double dailyLossLimit(ConnectedNodes c) throws Exception {
    return get(c.base, "/risk", Duration.ofSeconds(5)).path("limits").path("max-daily-loss").path("value").asDouble();
  }
}
