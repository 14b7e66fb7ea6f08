package io.fundarb.ops.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.testing.SharedData;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.ppo.ActorCritic;
import io.fundarb.models.ppo.DjlRuntime;
import io.fundarb.models.ppo.PolicyHead;
import io.fundarb.models.registry.ModelRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paper node started from a model registry, steered over its admin API: a version promoted
 * and rolled back while it runs, swapped in on every asset, recorded in the registry, and
 * re-applied at the same steps when the run is resumed from its journal.
 */
class ModelHotSwapTest {
  private static final String TOKEN = "hot-swap-t0ken";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private String base;

  @Test
  void aRunningNodePromotesAndRollsBackAModelVersionAndAResumedRunReplaysTheSwaps() throws Exception {
    String data = SharedData.dir().toString();
    Path windows = dir.resolve("windows.npy");
    CliRun made = CliRun.of("windows", "--data", data, "--symbols", "BTCUSDT", "--from", "2023-01-01", "--to",
        "2023-07-01", "--window", "20", "--output", windows.toString());
    assertEquals(0, made.exitCode(), made.err());
    Path registryDir = dir.resolve("registry");
    Path trained = dir.resolve("trained/long_term.params");
    CliRun train = CliRun.of("train", "--agent", "long_term", "--windows", windows.toString(), "--output",
        trained.toString(), "--epochs", "1", "--envs", "2", "--rollout-steps", "16", "--batch-size", "16",
        "--hidden-dims", "8,8", "--seed", "1");
    assertEquals(0, train.exitCode(), train.err());
    // v0002 must trade differently for the resume check to mean anything: same card, but a network that
    // stands aside (prior 0) where the barely trained v0001 still sits at long_term's full-carry prior
    Path standAside = standAsideTwin(trained, dir.resolve("aside/long_term.params"));
    for (Path model : List.of(trained, standAside)) {
      assertEquals(0, CliRun.of("models", "register", model.toString(), "--registry", registryDir.toString()).exitCode());
    }
    assertEquals(0, CliRun.of("models", "promote", "long_term", "v0001", "--registry", registryDir.toString())
        .exitCode());

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    Path config = Files.writeString(dir.resolve("node.conf"), "fundarb.admin.token-file = \""
        + tokenFile.toString().replace("\\", "/") + "\"\n");
    Path run = dir.resolve("run");
    // 92 days of 8h bars at ~4.6 days a second: about 20 s of run time to steer in
    String[] paper = {"paper", "--registry-model", "long_term", "--model-registry", registryDir.toString(), "--data",
        data, "--symbols", "BTCUSDT,ETHUSDT", "--from", "2023-07-01", "--to", "2023-10-01", "--speed", "400000",
        "--admin-port", String.valueOf(port), "--out", run.toString(), "--config", config.toString()};
    CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> CliRun.of(paper));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
      if (first.isDone()) {
        throw new AssertionError("the node stopped before it was ready: " + first.get().err() + first.get().out());
      }
      return get("/ready").statusCode() == 200;
    });
    assertEquals("long_term v0001", json(get("/assets/BINANCE:BTCUSDT")).get("policy").asText());
    assertEquals("v0001", json(get("/models")).get(0).get("registryVersion").asText());

    await().atMost(Duration.ofSeconds(30)).until(() -> perpQuantity("BINANCE:BTCUSDT") != 0); // v0001 carries

    assertEquals(401, post("/models/long_term/promote", null, "{\"version\":\"v0002\"}").statusCode());
    HttpResponse<String> unknown = post("/models/long_term/promote", TOKEN, "{\"version\":\"v0042\"}");
    assertEquals(404, unknown.statusCode(), unknown.body());
    HttpResponse<String> other = post("/models/sentiment/promote", TOKEN, "{\"version\":\"v0001\"}");
    assertEquals(400, other.statusCode(), other.body());
    assertTrue(other.body().contains("this node runs long_term"), other.body());

    HttpResponse<String> promoted = post("/models/long_term/promote", TOKEN,
        "{\"version\":\"v0002\",\"reason\":\"better hold-out Sharpe\"}");
    assertEquals(202, promoted.statusCode(), promoted.body());
    assertEquals("v0001", json(promoted).get("previous").asText());
    ModelRegistry registry = new ModelRegistry(registryDir, Clock.systemUTC());
    assertEquals("v0002", registry.current("long_term").orElseThrow().name(), "the registry records the promotion");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        json(get("/assets/BINANCE:ETHUSDT")).get("policy").asText().equals("long_term v0002"));
    await().atMost(Duration.ofSeconds(10)).until(() -> perpQuantity("BINANCE:BTCUSDT") == 0); // v0002 stands aside
    assertEquals("v0002", json(get("/models")).get(0).get("registryVersion").asText());

    HttpResponse<String> rolledBack = post("/models/long_term/rollback", TOKEN, "{\"reason\":\"paper drawdown\"}");
    assertEquals(202, rolledBack.statusCode(), rolledBack.body());
    assertEquals("v0001", json(rolledBack).get("version").asText());
    assertEquals("v0001", registry.current("long_term").orElseThrow().name());
    await().atMost(Duration.ofSeconds(10)).until(() ->
        json(get("/assets/BINANCE:BTCUSDT")).get("policy").asText().equals("long_term v0001"));
    await().atMost(Duration.ofSeconds(10)).until(() -> perpQuantity("BINANCE:BTCUSDT") != 0); // v0001 again
    List<String> reasons = registry.auditLog("long_term").stream().map(e -> e.path("reason").asText()).toList();
    assertTrue(reasons.containsAll(List.of("better hold-out Sharpe", "paper drawdown")), reasons.toString());

    CliRun finished = first.get();
    assertEquals(0, finished.exitCode(), finished.err());
    String table = metricsRow(finished.out());

    // the registry's current version is v0001 again, but promote v0002 so that a resume that started from
    // "current" instead of the recorded starting version would run the wrong model before the swap
    registry.promote("long_term", "v0002", "test: current differs from the run's starting version");
    String[] resume = paper.clone();
    resume[java.util.Arrays.asList(paper).indexOf("400000")] = "0";
    CliRun resumed = CliRun.of(resume);
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("no mismatch"), "the swaps are re-applied at their steps: " + resumed.out());
    assertEquals(table, metricsRow(resumed.out()), "the resumed run reproduces the run");
  }

  /** The trained model's card with an untrained network whose policy starts at target 0. */
  private static Path standAsideTwin(Path trained, Path out) throws java.io.IOException {
    ModelCard card = ModelCard.read(ModelCard.besides(trained));
    ModelCard.Network n = card.network();
    DjlRuntime.start(card.seed());
    try (ActorCritic aside = new ActorCritic(n.input(), n.hidden(), new PolicyHead.Gaussian(n.outputs(), n.low(),
        n.high()), AgentKind.INITIAL_LOG_STD, new float[n.outputs()])) {
      AgentModel.save(out, card, aside);
    }
    return out;
  }

  private double perpQuantity(String asset) throws Exception {
    return Double.parseDouble(json(get("/assets/" + asset)).at("/legs/perp/quantity").asText());
  }

  private static String metricsRow(String out) {
    return out.lines().filter(l -> l.startsWith("BINANCE") && l.contains("(paper)")).findFirst()
        .orElseThrow(() -> new AssertionError("no metrics row in " + out));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }
}
