package io.fundarb.ops.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import com.sun.net.httpserver.HttpServer;
import io.fundarb.ops.alert.Alerts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The admin API over a running paper node, through a real HTTP client on 127.0.0.1. */
class AdminApiTest {
  private static final String TOKEN = "s3cret-admin-t0ken";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  /** Each test's node gets its own in-memory journal: one test's steering must not be recovered by the next's node. */
  private static final java.util.concurrent.atomic.AtomicInteger NODES = new java.util.concurrent.atomic.AtomicInteger();
  private static final String WEBHOOK_SECRET = "T000/B000/XXXXsecretXXXX";
  private final java.util.concurrent.BlockingQueue<String> hooked = new java.util.concurrent.LinkedBlockingQueue<>();
  // every test gets a node of its own: a steering test must not change what another one reads
  private FundarbNode node;
  private HttpServer webhook;
  private Alerts alerts;
  private AdminApi api;
  private String base;

  @BeforeEach
  void start() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    logs.start();
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("carry");
    AssetSettings assets = carryAssets();
    // a day of data per 100 ms: the run lasts about 45 s, long enough to be steered by every test
    node = FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config, assets,
        new NodeSettings(86_400_000.0 / 100, Duration.ofSeconds(5), 1.0, 0.02), JournalSettings.h2Memory("admin-" + NODES.incrementAndGet()),
        ConfigFactory.empty());
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hooks/" + WEBHOOK_SECRET, exchange -> {
      hooked.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
    String hookUrl = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/" + WEBHOOK_SECRET;
    com.typesafe.config.Config fundarb = ConfigFactory.parseString("alerts.webhook-url = \"" + hookUrl + "\"")
        .withFallback(ConfigFactory.parseFile(Path.of("..", "conf", "reference.conf").toFile()).getConfig("fundarb"));
    alerts = Alerts.fromConfig(fundarb.getConfig("alerts"), java.util.Map.of(), "test-node");
    alerts.subscribe(node.system());
    api = new AdminApi(node, AdminToken.of(TOKEN), new TokenBucket(1_000, 1_000));
    api.serveMetrics(new NodeMetrics(node, api, alerts)::scrape);
    api.serveAlerts(alerts);
    api.serveConfig(fundarb);
    base = "http://127.0.0.1:" + api.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().getPort();
    await().atMost(Duration.ofSeconds(30)).until(() -> status(get("/ready")) == 200);
  }

  /** Every asset runs the always-on carry strategy with the reference risk limits. */
  static AssetSettings carryAssets() {
    return new AssetSettings(() -> Strategies.find("carry").create(StrategySettings.empty()),
        RiskLimits.defaults(1), new CircuitBreaker.Settings(3, 86_400_000L, 21_600_000L, 43_200_000L), 4 * 3_600_000L,
        Duration.ofMillis(10), Duration.ofMillis(50), false, null);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    node.close();
    alerts.close();
    webhook.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The next alert the webhook received, within 60 s. */
  private JsonNode nextHook() throws Exception {
    String body = this.hooked.poll(60, TimeUnit.SECONDS);
    assertTrue(body != null, "the webhook received an alert within 60 s");
    return JSON.readTree(body);
  }

  private static int status(HttpResponse<String> r) {
    return r.statusCode();
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** /ready: the journal recovered, then every check a shell added (a connected venue adds its feed's). */
  @Test
  void readinessWaitsForEveryCheck() throws Exception {
    assertEquals("[\"journal\"]", json(get("/ready")).get("checks").toString());
    java.util.concurrent.atomic.AtomicReference<String> problem = new java.util.concurrent.atomic.AtomicReference<>(
        "the spot websocket has not connected yet");
    api.readyWhen("feed", () -> java.util.Optional.ofNullable(problem.get()));
    HttpResponse<String> notReady = get("/ready");
    assertEquals(503, notReady.statusCode());
    assertEquals("feed: the spot websocket has not connected yet", json(notReady).get("detail").asText());
    problem.set(null);
    assertEquals("[\"journal\",\"feed\"]", json(get("/ready")).get("checks").toString());
  }

  @Test
  void readRoutesDescribeTheNodeAndItsAssets() throws Exception {
    assertEquals("up", json(get("/health")).get("status").asText());
    JsonNode assets = json(get("/assets"));
    assertEquals(2, assets.size());
    assertEquals("BINANCE:BTCUSDT", assets.get(0).get("asset").asText());
    JsonNode btc = json(get("/assets/BINANCE:BTCUSDT"));
    assertEquals("CLOSED", btc.get("breaker").asText());
    assertTrue(btc.get("orders").has("fills"));
    JsonNode portfolio = json(get("/portfolio"));
    assertTrue(portfolio.get("equity").asText().matches("\\d+(\\.\\d+)?"), "money as exact text");
    HttpResponse<String> unknown = get("/assets/BINANCE:DOGEUSDT");
    assertEquals(404, unknown.statusCode());
    assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
    assertEquals("Unknown Asset", json(unknown).get("title").asText());
  }

  /** An asset's document carries its feed freshness, its last feature row and its guard's limits. */
  @Test
  void anAssetShowsItsFeedFreshnessFeaturesAndRiskLimits() throws Exception {
    JsonNode eth = await().atMost(Duration.ofSeconds(30)) // a day of data per 100 ms: 3 steps each
        .until(() -> json(get("/assets/BINANCE:ETHUSDT")),
            a -> a.at("/features/rows").asInt() >= 30 && a.at("/feed/ticks/accepted").asInt() >= 30);
    JsonNode feed = eth.get("feed");
    assertTrue(feed.get("fresh").asBoolean(), feed.toString());
    assertTrue(feed.get("dataAgeMs").asLong() >= 0 && feed.get("dataAgeMs").asLong() <= feed.get("maxAgeMs").asLong());
    assertEquals(4 * 3_600_000L, feed.get("maxAgeMs").asLong());
    assertTrue(feed.get("lastTick").asText().matches("202[34]-\\d\\d-\\d\\dT.*Z"), feed.toString());
    assertEquals(0, feed.at("/ticks/stale").asInt() + feed.at("/ticks/invalid").asInt()
        + feed.at("/ticks/outOfOrder").asInt(), "recorded 8 h bars are neither stale nor out of order");
    JsonNode values = eth.at("/features/values");
    assertEquals(io.fundarb.engine.features.Feature.values().length, values.size(), values.toString());
    assertTrue(values.get("spot_vol_1d").isNumber() && values.get("spot_vol_1d").asDouble() > 0, values.toString());
    assertTrue(values.get("funding_avg_7d_bps").isNumber(), values.toString());
    JsonNode limits = eth.get("limits");
    RiskLimits configured = carryAssets().limits();
    assertEquals(configured.stopLoss(), limits.get("stopLoss").asDouble());
    assertEquals(configured.maxMarginRatio(), limits.get("maxMarginRatio").asDouble());
    assertEquals(configured.configuredLeverage(), limits.get("leverage").asInt());
  }

  @Test
  void mutationsNeedTheTokenAndBadInputIsAClear4xx() throws Exception {
    long before = api.unauthorizedAttempts();
    HttpResponse<String> anonymous = send("POST", "/assets/BINANCE:ETHUSDT/pause", null, "");
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, send("POST", "/assets/BINANCE:ETHUSDT/pause", "wrong", "").statusCode());
    assertEquals(before + 2, api.unauthorizedAttempts(), "refusals are counted");

    assertEquals(400, send("POST", "/assets", TOKEN, "{not json").statusCode());
    assertEquals(400, send("POST", "/assets", TOKEN, "{\"asset\": 42}").statusCode());
    assertEquals(404, send("POST", "/assets/BINANCE:DOGEUSDT/pause", TOKEN, "").statusCode());
    HttpResponse<String> noRegistry = send("POST", "/models/long_term/promote", TOKEN, "{\"version\":\"v0002\"}");
    assertEquals(409, noRegistry.statusCode(), "a node not started from a registry has nothing to promote");
    assertTrue(noRegistry.body().contains("--registry-model"), noRegistry.body());

    HttpResponse<String> paused = send("POST", "/assets/BINANCE:ETHUSDT/pause", TOKEN, "{\"reason\":\"drill\"}");
    assertEquals(202, paused.statusCode(), paused.body());
    assertTrue(json(paused).get("accepted").asText().startsWith("pausing BINANCE:ETHUSDT (drill) at step "));

    for (ILoggingEvent event : logs.list) {
      assertFalse(event.getFormattedMessage().contains(TOKEN), "the token never reaches the log");
    }
  }

  /** docs/openapi.yaml against the running API: every documented route exists and answers with its documented fields. */
  @Test
  void everyDocumentedRouteExistsAndAnswersWithItsDocumentedFields() throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docs", "openapi.yaml").toFile());
    int checked = 0;
    for (var route : (Iterable<java.util.Map.Entry<String, JsonNode>>) spec.get("paths")::fields) {
      String path = route.getKey().replace("{id}", "BINANCE:BTCUSDT").replace("{name}", "max-daily-loss")
          .replace("{agent}", "long_term");
      for (var operation : (Iterable<java.util.Map.Entry<String, JsonNode>>) route.getValue()::fields) {
        String method = operation.getKey();
        if (method.equals("parameters")) {
          continue;
        }
        checked++;
        if (method.equals("get")) {
          HttpResponse<String> r = get(path);
          assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
          if (operation.getValue().at("/responses/200/content/application~1json").isMissingNode()) {
            continue; // not JSON (the Prometheus exposition has its own test)
          }
          JsonNode schema = resolve(spec, operation.getValue().at("/responses/200/content/application~1json/schema"));
          JsonNode body = json(r);
          if (schema.path("type").asText().equals("array")) {
            assertTrue(body.isArray(), "GET " + path + " answers an array");
            if (body.isEmpty()) {
              continue; // e.g. no model loaded: nothing to check the fields of
            }
            schema = resolve(spec, schema.get("items"));
            body = body.get(0);
          }
          for (JsonNode field : schema.path("required")) {
            assertTrue(body.has(field.asText()), "GET " + path + " lacks documented field " + field + ": " + body);
          }
        } else {
          HttpResponse<String> r = send(method.toUpperCase(java.util.Locale.ROOT), path, null, "");
          assertEquals(401, r.statusCode(), method + " " + path + " exists and needs the token: " + r.body());
        }
      }
    }
    assertEquals(23, checked, "documented operations");
    assertEquals(404, get("/no-such-route").statusCode());
  }

  private static JsonNode resolve(JsonNode spec, JsonNode schema) {
    return schema.has("$ref") ? spec.at(schema.get("$ref").asText().substring(1)) : schema;
  }

  /** The Prometheus text exposition, line by line, with the node's and the assets' series in it. */
  @Test
  void metricsAreValidPrometheusTextWithTheNodesSeries() throws Exception {
    java.util.List<String> expected = java.util.List.of("fundarb_node_step ", "fundarb_tick_to_intent_seconds_bucket{le=",
        "fundarb_node_funding_usdt ", "fundarb_asset_breaker_state{asset=\"BINANCE:BTCUSDT\"}",
        "fundarb_asset_orders{asset=\"BINANCE:BTCUSDT\",outcome=\"filled\"}",
        "fundarb_asset_margin_ratio{asset=\"BINANCE:BTCUSDT\"}",
        "fundarb_asset_ticks{asset=\"BINANCE:BTCUSDT\",outcome=\"stale\"}", "fundarb_node_equity_usdt ",
        "fundarb_model_inference_seconds_bucket{policy=", "fundarb_admin_unauthorized_requests ", "jvm_memory_used_bytes{",
        "process_uptime_seconds ");
    String text = "";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    // an asset's gauges are registered one by one as its first status arrives: scrape until all are in
    while (!expected.stream().allMatch(text::contains) && System.nanoTime() < deadline) {
      HttpResponse<String> r = get("/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      text = r.body();
    }
    PrometheusText.assertValid(text);
    for (String series : expected) {
      assertTrue(text.contains(series), "missing " + series);
    }
    assertTrue(text.contains("# TYPE fundarb_node_step gauge"));
  }

  /**
   * Every fundarb series the Grafana dashboard plots is one this node exposes, except the feed's,
   * which only a node on a Binance-protocol venue has (FeedMetricsTest checks those).
   */
  @Test
  void theGrafanaDashboardPlotsSeriesTheNodeExposes() throws Exception {
    String text = await().atMost(Duration.ofSeconds(30)).until(() -> get("/metrics").body(),
        t -> t.contains("fundarb_asset_orders{") && t.contains("fundarb_model_inference_seconds_bucket"));
    int found = 0;
    for (String name : GrafanaDashboard.series()) {
      if (name.equals("fundarb_breaker_transitions_total") || GrafanaDashboard.isFeedSeries(name)) {
        continue; // a counter that appears with the first breaker transition; the feed's
      }
      assertTrue(text.contains(name), "the dashboard plots " + name + ", which /metrics does not expose");
      found++;
    }
    assertTrue(found >= 20, "the dashboard references the node's series: " + found);
  }

  /** The dashboard page, its snapshot and its live event stream (in a browser: DashboardBrowserTest). */
  @Test
  void theDashboardPageItsSnapshotAndItsEventStreamAreServed() throws Exception {
    HttpResponse<String> page = get("/ui");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("new EventSource('/events')") && page.body().contains("id=\"equity\""));
    JsonNode snapshot = json(get("/snapshot"));
    assertTrue(snapshot.at("/portfolio/equity").asText().matches("\\d+(\\.\\d+)?"));
    assertEquals(2, snapshot.get("assets").size());
    HttpResponse<java.io.InputStream> events = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElse(""));
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(events.body(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      // a blocking read has no deadline of its own: it runs aside, and the stream is closed if it is late
      String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> firstData(lines))
          .get(30, TimeUnit.SECONDS);
      assertTrue(line != null && JSON.readTree(line.substring(5)).has("assets"), "an event carries a snapshot");
    }
  }

  /** The first {@code data:} line of a server-sent event stream, or null if it ends first. */
  private static String firstData(java.io.BufferedReader lines) {
    try {
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("data:")) {
        // comments and event names before the data
      }
      return line;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRiskLimitIsTightenedWithinItsCeilingAndTheChangeIsAlertedToTheWebhook() throws Exception {
    HttpResponse<String> above = send("PUT", "/risk/limits/max-position", TOKEN, "{\"value\": 2}");
    assertEquals(400, above.statusCode());
    assertTrue(json(above).get("detail").asText().contains("the configured value is the ceiling"), above.body());
    assertEquals(400, send("PUT", "/risk/limits/leverage", TOKEN, "{\"value\": 1}").statusCode());
    assertEquals(400, send("PUT", "/risk/limits/max-position", TOKEN, "{\"value\": \"half\"}").statusCode());
    assertEquals(401, send("PUT", "/risk/limits/max-position", null, "{\"value\": 0.5}").statusCode());

    HttpResponse<String> set = send("PUT", "/risk/limits/max-position", TOKEN, "{\"value\": 0.5}");
    assertEquals(202, set.statusCode(), set.body());
    JsonNode hooked = nextHook();
    while (!hooked.get("kind").asText().equals("LIMIT_CHANGED")) {
      hooked = nextHook(); // another alert of the run came first; each wait has its own deadline
    }
    assertEquals("test-node", hooked.get("node").asText());
    assertTrue(hooked.get("summary").asText().startsWith("max-position changed from 1.0 to 0.5"), hooked.toString());
    JsonNode limit = json(get("/risk")).at("/limits/max-position");
    assertEquals(0.5, limit.get("value").asDouble());
    assertEquals(1.0, limit.get("ceiling").asDouble());
    assertEquals(0.5, json(get("/assets/BINANCE:BTCUSDT")).at("/limits/maxPosition").asDouble(),
        "an asset shows the max position as steered, not only its configured one");
    assertTrue(json(get("/alerts")).toString().contains("\"kind\":\"LIMIT_CHANGED\""));
    assertTrue(get("/metrics").body().contains("fundarb_alerts{outcome=\"send\"}"));
  }

  @Test
  void flatteningAnAssetShowsInRiskAndOrdersAreListed() throws Exception {
    assertEquals(202, send("POST", "/assets/BINANCE:ETHUSDT/flatten", TOKEN, "{\"reason\":\"drill\"}").statusCode());
    JsonNode risk = await().atMost(Duration.ofSeconds(30)) // applied at the next step
        .until(() -> json(get("/risk")), r -> r.get("flattening").toString().contains("BINANCE:ETHUSDT"));
    assertEquals("[\"BINANCE:ETHUSDT\"]", risk.get("flattening").toString());
    // the flatten's own orders are reported once the venue has them
    JsonNode recent = await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/orders?state=recent&limit=5")),
        r -> r.size() > 0);
    assertTrue(recent.size() <= 5, recent.toString());
    assertTrue(recent.get(0).has("event") && recent.get(0).has("orderId"));
    assertTrue(json(get("/orders")).isArray());
    assertEquals(400, get("/orders?state=bogus").statusCode());
    assertEquals(400, get("/orders?limit=0").statusCode());
  }

  @Test
  void theEffectiveConfigIsServedWithSecretsRedacted() throws Exception {
    HttpResponse<String> config = get("/config");
    assertEquals(200, config.statusCode());
    JsonNode json = json(config);
    assertEquals("<redacted>", json.at("/alerts/webhook-url").asText());
    assertEquals("127.0.0.1", json.at("/admin/host").asText());
    assertFalse(config.body().contains(WEBHOOK_SECRET), "the webhook URL is a secret");
  }

  @Test
  void mutatingRoutesAreRateLimited() throws Exception {
    AdminApi strict = new AdminApi(node, AdminToken.of(TOKEN), new TokenBucket(5, 5));
    String url = "http://127.0.0.1:" + strict.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().getPort();
    int limited = 0;
    for (int k = 0; k < 12; k++) {
      int code = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/assets/BINANCE:BTCUSDT/resume"))
          .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
      assertTrue(code == 202 || code == 429, "only accepted or limited: " + code);
      limited += code == 429 ? 1 : 0;
    }
    assertTrue(limited > 0, "a burst of 12 against 5 per second is limited");
  }
}
