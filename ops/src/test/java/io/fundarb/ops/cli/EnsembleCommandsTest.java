package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ensemble commands end to end on real BTC data with tiny budgets (two epochs per model), at
 * the leverage cap of 3x: training from one HOCON file, walk-forward, the stress suite, retraining.
 */
class EnsembleCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path config;
  static Path ensemble;

  @BeforeAll
  static void trainATinyEnsemble() throws IOException {
    config = dir.resolve("train.conf");
    Files.writeString(config, """
        fundarb {
          symbols = [BTCUSDT]
          sizing.leverage = 3
          ensemble {
            from = "2023-01-01"
            to = "2023-08-01"
            window = 10
            registry = "%s"
            agents { epochs = 2, envs = 2, rollout-steps = 32, shocks-per-asset = 2 }
            meta { epochs = 2, hidden = [8, 8], envs = 2, rollout-steps = 32, episode-steps = 60, shocks-per-asset = 2 }
            walk-forward { from = "2023-01-01", to = "2023-09-01", train = 120d, validation = 30d, test = 30d, step = 30d,
              candidates = 2, ablation = true }
            retrain { train = 150d, holdout = 45d, min-sharpe-gain = 0.1, out = "%s" }
          }
        }
        """.formatted(dir.resolve("registry"), dir.resolve("retrain")));
    ensemble = dir.resolve("ensemble");
    CliRun run = CliRun.of("train", "ensemble", "--config", config.toString(), "--data", SharedData.dir().toString(),
        "--output", ensemble.toString(), "--register");
    assertEquals(0, run.exitCode(), run.err() + run.out());
    assertTrue(run.out().contains("registered ensemble v0001"), run.out());
  }

  @Test
  void trainingWritesEveryModelAndAManifest() throws IOException {
    for (String model : List.of("long_term", "short_term", "sentiment", "anomaly", "meta")) {
      assertTrue(Files.isRegularFile(ensemble.resolve(model + ".params")), model);
      assertTrue(Files.isRegularFile(ensemble.resolve(model + ".json")), model);
    }
    JsonNode manifest = JSON.readTree(ensemble.resolve("ensemble.json").toFile());
    assertEquals("2023-01-01T00:00:00Z", manifest.get("trainFrom").asText());
    assertTrue(manifest.get("trainSeconds").get("total").asDouble() > 0);
    assertTrue(Files.isRegularFile(dir.resolve("registry/ensemble/v0001/meta.params")));
    CliRun list = CliRun.of("models", "list", "--registry", dir.resolve("registry").toString());
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("ensemble trained on BINANCE 2023-01-01T00:00:00Z..2023-08-01T00:00:00Z"), list.out());
  }

  @Test
  void aPaperNodeRunsTheEnsembleAsEveryAssetsPolicy() {
    CliRun paper = CliRun.of("paper", "--ensemble", ensemble.toString(), "--config", config.toString(), "--data",
        SharedData.dir().toString(), "--from", "2023-09-01", "--to", "2023-10-01", "--admin-port", "0", "--out",
        dir.resolve("paper").toString());
    assertEquals(0, paper.exitCode(), paper.err() + paper.out());
    assertTrue(paper.out().contains("ensemble (paper)"), paper.out());
    CliRun both = CliRun.of("paper", "--ensemble", ensemble.toString(), "--model", "x.params");
    assertEquals(2, both.exitCode());
  }

  @Test
  void walkForwardReportsEveryStrategyOnTheTestWindowOnly() throws IOException {
    Path out = dir.resolve("wf");
    CliRun run = CliRun.of("walk-forward", "--config", config.toString(), "--data", SharedData.dir().toString(),
        "--out", out.toString(), "--folds", "2");
    assertEquals(0, run.exitCode(), run.err() + run.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    Set<String> testStrategies = new HashSet<>();
    Set<String> folds = new HashSet<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] cells = line.split(",");
      folds.add(cells[0]);
      if (cells[0].startsWith("test")) {
        testStrategies.add(cells[1]);
      }
    }
    assertEquals(Set.of("validation-0", "test-0", "validation-1", "test-1", "overall"), folds, "the first two of the three folds that fit");
    assertEquals(Set.of("ensemble", "equal_weight", "long_term", "short_term", "sentiment", "anomaly", "carry",
        "threshold", "flat", "ensemble-without-long_term", "ensemble-without-short_term", "ensemble-without-sentiment",
        "ensemble-without-anomaly"), testStrategies);
    JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
    JsonNode fold0 = results.get("folds").get(0);
    assertEquals("2023-01-01 00:00 .. 2023-05-01 00:00", fold0.get("train").asText());
    assertEquals("2023-05-31 00:00 .. 2023-06-30 00:00", fold0.get("test").asText());
    assertTrue(fold0.get("selected").asText().startsWith("meta"), fold0.toString());
    List<String> equity = Files.readAllLines(out.resolve("equity.csv"));
    assertTrue(equity.stream().skip(1).allMatch(l -> l.compareTo("") > 0));
    assertTrue(equity.stream().anyMatch(l -> l.startsWith("0,ensemble,2023-05-31")), "curves start at the test window");
    assertFalse(equity.stream().anyMatch(l -> l.startsWith("0,ensemble,2023-05-30")), "nothing before the test window");
    Path html = dir.resolve("wf.html");
    CliRun report = CliRun.of("report", "--input", out.toString(), "--out", html.toString());
    assertEquals(0, report.exitCode(), report.err());
    assertEquals(4, Files.readString(html).split("data:image/png").length - 1, "the walk-forward report has its charts");
  }

  @Test
  void underACrashAndAFundingFlipTheEnsembleCutsExposureAndIsNeverLiquidatedAtThreeTimesLeverage() throws IOException {
    Path out = dir.resolve("stress");
    CliRun run = CliRun.of("stress", "--config", config.toString(), "--data", SharedData.dir().toString(), "--scenario",
        "all", "--model-registry", dir.resolve("registry").toString(), "--out", out.toString());
    assertEquals(2, run.exitCode(), "no ensemble is current before a promotion");
    assertTrue(run.err().contains("promote one first"), run.err());
    CliRun promote = CliRun.of("models", "promote", "ensemble", "v0001", "--registry", dir.resolve("registry").toString());
    assertEquals(0, promote.exitCode(), promote.err());
    run = CliRun.of("stress", "--config", config.toString(), "--data", SharedData.dir().toString(), "--scenario", "all",
        "--model-registry", dir.resolve("registry").toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    JsonNode outcomes = JSON.readTree(out.resolve("stress.json").toFile()).get("outcomes");
    assertEquals(8, outcomes.size(), "four scenarios x (ensemble, carry)");
    for (JsonNode o : outcomes) {
      assertEquals(0, o.get("liquidations").asInt(), o.toString());
      assertFalse(o.get("nearLiquidation").asBoolean(), o.toString());
      if (o.get("strategy").asText().equals("ensemble")
          && Set.of("crash20", "funding-spike").contains(o.get("scenario").asText())) {
        assertTrue(o.get("grossBefore").asDouble() > 0, "exposed before the shock: " + o);
        assertTrue(o.get("minGrossAfter").asDouble() < o.get("grossBefore").asDouble(), "reduced or paused: " + o);
        assertTrue(o.get("exposureCutHours").asDouble() <= 72, "within three days: " + o);
      }
    }
  }

  @Test
  void retrainingPromotesOnlyACandidateThatBeatsTheCurrentOneAndAuditsEveryRun() throws IOException {
    Path registry = dir.resolve("retrain-registry");
    String[] args = {"retrain", "--config", config.toString(), "--data", SharedData.dir().toString(), "--to", "2023-10-01",
        "--registry", registry.toString()};
    CliRun first = CliRun.of(args);
    assertEquals(0, first.exitCode(), first.err() + first.out());
    assertTrue(first.out().contains("promoted v0001: no current model"), first.out());
    CliRun second = CliRun.of(args);
    assertEquals(0, second.exitCode(), second.err() + second.out());
    assertTrue(second.out().contains("did not promote v0002: kept the current model"), second.out());
    assertEquals("v0001", Files.readString(registry.resolve("ensemble/current")).strip(), "the same seed cannot win by 0.1");
    List<JsonNode> retrains = Files.readAllLines(registry.resolve("ensemble/audit.jsonl")).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).filter(n -> n.get("action").asText().equals("retrain")).toList();
    assertEquals(2, retrains.size());
    assertTrue(retrains.get(0).get("promoted").asBoolean());
    assertFalse(retrains.get(1).get("promoted").asBoolean());
    assertEquals("2023-08-17T00:00:00Z", retrains.get(1).get("holdoutFrom").asText(), "the last 45 days before --to");
    assertEquals(7, retrains.get(1).get("seed").asLong());
    assertTrue(retrains.get(1).has("candidateMetrics") && retrains.get(1).has("currentMetrics"));
  }
}
