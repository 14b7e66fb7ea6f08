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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocator's commands from the README on the real data of three venues, with a tiny training budget. */
class AllocatorCommandsTest {
  @TempDir static Path dir;
  static Path config;
  static Path allocator;

  @BeforeAll
  static void trainATinyAllocator() throws IOException {
    config = dir.resolve("train.conf");
    Files.writeString(config, """
        fundarb.allocator {
          from = "2023-01-01"
          to = "2023-07-01"
          epochs = 2
          envs = 2
          rollout-steps = 8
          hidden = [8]
          episode-steps = 90
          walk-forward { from = "2023-01-01", to = "2023-08-15", train = 120d, validation = 30d, test = 30d, step = 30d,
            candidates = 2, ablation = true }
        }
        """);
    allocator = dir.resolve("allocator");
    CliRun run = CliRun.of("train", "allocator", "--config", config.toString(), "--data", SharedData.dir().toString(),
        "--output", allocator.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    assertTrue(run.out().contains("14 opportunities, 2 epochs"), run.out());
    assertTrue(run.out().contains("trained in"), run.out());
  }

  @Test
  void trainingWritesTheModelItsCardAndLog() throws IOException {
    for (String file : List.of("allocator.params", "allocator.json", "allocator.log.csv")) {
      assertTrue(Files.size(allocator.resolve(file)) > 0, file);
    }
    JsonNode card = new ObjectMapper().readTree(allocator.resolve("allocator.json").toFile());
    assertEquals("allocator", card.get("agent").asText());
    assertEquals(14, card.get("hyperparameters").get("opportunities").size());
    assertEquals(21, card.get("hyperparameters").get("decideEvery").asInt());
  }

  @Test
  void evaluateComparesTheAllocatorWithEveryYardstickOutOfSample() throws IOException {
    Path out = dir.resolve("evaluate");
    CliRun run = CliRun.of("evaluate", "--allocator", allocator.toString(), "--from", "2023-10-01", "--config",
        config.toString(), "--data", SharedData.dir().toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    assertFalse(run.out().contains("warning"), "after the training range: out of sample");
    for (String row : List.of("PORTFOLIO  allocator", "PORTFOLIO  split", "PORTFOLIO  rotation", "BINANCE    carry",
        "BYBIT      carry", "OKX        carry", "BINANCE    flat")) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith(row)), row + "\n" + run.out());
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(7, summary.get("runs").size());
    assertTrue(Files.size(out.resolve("portfolio-allocator-allocation.csv")) > 0);

    CliRun overlap = CliRun.of("evaluate", "--allocator", allocator.toString(), "--from", "2023-05-01", "--to",
        "2023-08-01", "--config", config.toString(), "--data", SharedData.dir().toString(), "--out",
        dir.resolve("overlap").toString());
    assertEquals(0, overlap.exitCode(), overlap.err());
    assertTrue(overlap.out().contains("overlaps the training range"), overlap.out());
  }

  @Test
  void walkForwardTrainsChoosesOnValidationAndReportsTheTestWindows() throws IOException {
    Path out = dir.resolve("wf");
    CliRun run = CliRun.of("walk-forward", "--config", config.toString(), "--data", SharedData.dir().toString(),
        "--venues", "binance,bybit,okx", "--folds", "1", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    String overall = run.out().substring(run.out().indexOf("overall (test windows only):"));
    for (String strategy : List.of("allocator ", "allocator-no-cross", "split", "rotation", "carry-BINANCE",
        "carry-BYBIT", "carry-OKX", "flat-BINANCE")) {
      assertTrue(overall.lines().anyMatch(l -> l.startsWith("overall") && l.contains(strategy)), strategy + "\n" + overall);
    }
    assertTrue(run.out().contains("training took"), run.out());
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals(3, results.get("trainings").asInt(), "two candidates and the ablation");
    assertTrue(results.get("folds").get(0).get("selected").asText().startsWith("fold-0/allocator-"));
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("valid-0,allocator-candidate-1,")), "validation rows");
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("test-0,allocator,")), "test rows");
  }

  @Test
  void badAllocatorArgumentsAreOneClearLine() {
    CliRun missing = CliRun.of("evaluate", "--allocator", dir.resolve("nowhere").toString(), "--from", "2023-10-01",
        "--data", SharedData.dir().toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("an allocator is two files"), missing.err());
    CliRun neither = CliRun.of("evaluate", "--from", "2023-10-01", "--data", SharedData.dir().toString());
    assertEquals(2, neither.exitCode());
    assertTrue(neither.err().contains("--model <file.params> or --allocator <dir>"), neither.err());
    CliRun twoVenues = CliRun.of("evaluate", "--allocator", allocator.toString(), "--venues", "bybit,okx", "--from",
        "2023-10-01", "--config", config.toString(), "--data", SharedData.dir().toString());
    assertEquals(2, twoVenues.exitCode());
    assertTrue(twoVenues.err().contains("trained on the opportunities"), twoVenues.err());
  }
}
