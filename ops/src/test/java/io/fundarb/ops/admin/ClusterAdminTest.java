package io.fundarb.ops.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * The cluster over the admin API, with two members in one JVM (their messages through the Kryo
 * serializer): {@code GET /cluster} lists both, their roles, status and reachability, the asset
 * entities each hosts and where the account singleton runs; {@code POST
 * /cluster/members/{address}/leave} (token required) drains the second member, whose assets come
 * back on the first.
 */
class ClusterAdminTest {
  private static final String TOKEN = "cluster-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theClusterIsShownAndAMemberLeavesOnRequest() throws Exception {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("carry");
    MarketTape tape = MarketTape.build(data, universe);
    AssetSettings assets = AdminApiTest.carryAssets();
    JournalSettings journal = JournalSettings.h2Memory("cluster-admin"); // one JVM: both members share it
    // a day per 200 ms: the run lasts long enough for both members to host its assets
    try (FundarbNode first = FundarbNode.replay(tape, data.venue(), universe, config, assets,
        new NodeSettings(86_400_000.0 / 200, Duration.ofSeconds(5), 1.0, 0.02), journal,
        ConfigFactory.parseString("pekko.cluster.roles = [trader]"))) {
      String seed = Cluster.get(first.system()).selfMember().address().toString();
      AssetSettings inAccount = assets.withTrading(AssetSettings.Trading.of(universe, config,
          tape.bars(Universe.perpIndex(0)).intervalMs(), tape.funding(Universe.perpIndex(0)).typicalIntervalMs()));
      FundarbNode second = FundarbNode.start(inAccount, FundarbNode.account("BINANCE", universe, config, inAccount,
          new NodeSettings(0, Duration.ofSeconds(5), 1.0, 0.02)), journal,
          ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + seed + "\"]"), (io.fundarb.engine.live.OrderGateway) null);
      try {
        String secondAddress = Cluster.get(second.system()).selfMember().address().toString();
        AdminApi api = new AdminApi(first, AdminToken.of(TOKEN), new TokenBucket(100, 100));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        ClusterMetrics.bind(metrics, first.system()); // the first member's own view, as its /metrics shows it
        String base = "http://127.0.0.1:" + api.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS)
            .localAddress().getPort();
        await().atMost(Duration.ofSeconds(60)).until(() -> hostedBy(get(base), secondAddress) == 1
            && hostedBy(get(base), seed) == 1);

        JsonNode cluster = get(base);
        assertEquals(seed, cluster.get("self").asText());
        assertEquals(seed, cluster.get("accountSingleton").asText(), "the oldest member runs the account");
        assertEquals(2, cluster.get("assets").asInt());
        JsonNode firstMember = member(cluster, seed);
        assertEquals("up", firstMember.get("status").asText());
        assertTrue(firstMember.get("reachable").asBoolean());
        assertEquals("trader", firstMember.get("roles").get(0).asText());
        java.util.List<String> ids = new java.util.ArrayList<>();
        cluster.get("members").forEach(m -> m.get("entities").forEach(e -> ids.add(e.asText())));
        ids.sort(null);
        assertEquals(java.util.List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT"), ids, "each asset entity, by id, once");
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(metrics, "fundarb_cluster_assets_hosted") == 1);

        String path = "/cluster/members/" + URLEncoder.encode(secondAddress, StandardCharsets.UTF_8) + "/leave";
        assertEquals(401, post(base, path, null).statusCode(), "leaving needs the token");
        assertEquals(404, post(base, "/cluster/members/127.0.0.1:1/leave", TOKEN).statusCode());
        HttpResponse<String> leave = post(base, path, TOKEN);
        assertEquals(202, leave.statusCode(), leave.body());
        await().atMost(Duration.ofSeconds(60)).until(() ->
            Cluster.get(second.system()).selfMember().status() == MemberStatus.removed()
                || second.system().getWhenTerminated().toCompletableFuture().isDone());
        await().atMost(Duration.ofSeconds(60)).until(() -> get(base).get("members").size() == 1
            && hostedBy(get(base), seed) == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(metrics, "fundarb_cluster_assets_hosted") == 2
            && metrics.get("fundarb_cluster_members").tag("status", "up").gauge().value() == 1);
        double started = gauge(metrics, "fundarb_cluster_assets_started");
        assertTrue(started >= 2, "its own asset and the one moved in from the leaving member: " + started);
        assertEquals(2, started - gauge(metrics, "fundarb_cluster_assets_departed"), "every start here is hosted"
            + " here now or counted as gone");
      } finally {
        second.close();
      }
    }
  }

  private static double gauge(io.micrometer.core.instrument.MeterRegistry metrics, String name) {
    return metrics.get(name).gauge().value();
  }

  private static int hostedBy(JsonNode cluster, String address) {
    JsonNode m = member(cluster, address);
    return m == null || m.get("assets").isNull() ? 0 : m.get("assets").asInt();
  }

  private static JsonNode member(JsonNode cluster, String address) {
    for (JsonNode m : cluster.get("members")) {
      if (m.get("address").asText().equals(address)) {
        return m;
      }
    }
    return null;
  }

  private static JsonNode get(String base) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/cluster"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> post(String base, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
