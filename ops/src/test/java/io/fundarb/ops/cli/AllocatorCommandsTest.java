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
  void paperTradesTheAllocatorsPortfolioOnANodeAsEvaluateBacktestsIt() {
    CliRun evaluate = CliRun.of("evaluate", "--allocator", allocator.toString(), "--from", "2023-10-01", "--to",
        "2023-12-01", "--config", config.toString(), "--data", SharedData.dir().toString(), "--out",
        dir.resolve("evaluate-window").toString());
    assertEquals(0, evaluate.exitCode(), evaluate.err() + evaluate.out());
    CliRun paper = CliRun.of("paper", "--venues", "binance,bybit,okx", "--allocator", allocator.toString(), "--from",
        "2023-10-01", "--to", "2023-12-01", "--config", config.toString(), "--data", SharedData.dir().toString(),
        "--out", dir.resolve("paper").toString(), "--admin-port", "0");
    assertEquals(0, paper.exitCode(), paper.err() + paper.out());
    assertTrue(paper.out().contains("finished: end of data; decisions missed: 0"), paper.out());
    for (String venue : List.of("BINANCE", "BYBIT", "OKX")) {
      assertTrue(paper.out().lines().anyMatch(l -> l.startsWith(venue + " account: equity")),
          venue + "\n" + paper.out());
    }
    // the node's portfolio row: the backtest's, figure for figure
    assertEquals(figures(evaluate.out(), "PORTFOLIO  allocator "), figures(paper.out(), "PORTFOLIO  allocator (paper)"));
  }

  /** The figures of the table row starting with {@code row} (everything after the row's name). */
  private static String figures(String out, String row) {
    String line = out.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow(() -> new AssertionError(
        row + "\n" + out));
    return String.join(" ", line.substring(row.length()).trim().split("\\s+")); // the columns' widths differ by table
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
    CliRun alone = CliRun.of("paper", "--allocator", allocator.toString(), "--data", SharedData.dir().toString());
    assertEquals(2, alone.exitCode());
    assertTrue(alone.err().contains("give --venues too"), alone.err());
    CliRun clustered = CliRun.of("paper", "--venues", "bybit,okx", "--seed", "127.0.0.1:2551", "--data",
        SharedData.dir().toString());
    assertEquals(2, clustered.exitCode());
    assertTrue(clustered.err().contains("one node for now"), clustered.err());
  }
}
