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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir Path tmp;

  @Test
  void helpListsEverySubcommandAndEachHasItsOwnHelp() {
    CliRun top = CliRun.of("--help");
    assertEquals(0, top.exitCode());
    for (String command : List.of("backtest", "data", "bench")) {
      assertTrue(top.out().contains(command), command);
    }
    for (String[] sub : List.of(new String[] {"backtest", "--help"}, new String[] {"data", "check", "--help"},
        new String[] {"data", "download", "--help"}, new String[] {"bench", "backtest", "--help"})) {
      CliRun run = CliRun.of(sub);
      assertEquals(0, run.exitCode(), String.join(" ", sub));
      assertTrue(run.out().contains("Usage: fundarb " + sub[0]), run.out());
    }
  }

  @Test
  void backtestOfRealDataPrintsTheTableAndWritesMachineReadableResults() throws IOException {
    Path out = tmp.resolve("run");
    CliRun run = CliRun.of("backtest", "--data", SharedData.dir().toString(), "--venue", "binance",
        "--from", "2023-06-01", "--to", "2024-01-01", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    for (String strategy : List.of("carry", "threshold", "flat")) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith("BINANCE") && l.contains(strategy)), run.out());
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(3, summary.get("runs").size());
    JsonNode carry = summary.get("runs").get(0);
    assertEquals("carry", carry.get("strategy").asText());
    assertTrue(carry.get("metrics").get("fundingEarned").asText().matches("\\d+(\\.\\d+)?"), "money as exact text");
    assertTrue(carry.get("metrics").get("start").asText().startsWith("2023-06-01"));
    for (String file : List.of("equity", "positions", "funding", "fills")) {
      Path csv = out.resolve(carry.get("files").get(file).asText());
      assertTrue(Files.size(csv) > 0, file);
    }
    List<String> equity = Files.readAllLines(out.resolve("binance-carry-equity.csv"));
    assertEquals("time,iso_time,equity,in_market", equity.get(0));
    assertTrue(equity.size() > 600, "one row per 8h step over seven months");
    assertTrue(summary.get("dataQuality").get("BINANCE").get("summary").asText().startsWith("data: 7 series"));
  }

  @Test
  void backtestOverThreeVenuesAddsThePortfolioBaselines() throws IOException {
    Path out = tmp.resolve("venues");
    CliRun run = CliRun.of("backtest", "--data", SharedData.dir().toString(), "--venues", "binance,bybit,okx",
        "--strategy", "carry", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    for (String venue : List.of("BINANCE", "BYBIT", "OKX")) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith(venue) && l.contains("carry")), run.out());
    }
    for (String policy : List.of("split", "rotation")) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith("PORTFOLIO") && l.contains(policy)), run.out());
    }
    assertTrue(run.out().contains("portfolio rotation: "), run.out());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(5, summary.get("runs").size());
    JsonNode rotation = summary.get("runs").get(4);
    assertEquals("PORTFOLIO", rotation.get("venue").asText());
    assertEquals("rotation", rotation.get("strategy").asText());
    // Six carries (two assets on three venues) and, between BYBIT and OKX (whose bars line up),
    // spot-perp and perp-perp each way for both assets; BINANCE's bars are half a bar off theirs.
    assertEquals(14, rotation.get("meanWeights").size());
    assertTrue(run.out().contains("cross-venue opportunities left out: BTCUSDT between BINANCE and BYBIT"), run.out());
    assertEquals(4, rotation.get("excludedCrossVenue").size());
    assertTrue(rotation.get("fundingByPerp").get("BYBIT:BTCUSDT").asText().matches("-?\\d+(\\.\\d+)?"));
    List<String> allocation = Files.readAllLines(out.resolve("portfolio-rotation-allocation.csv"));
    assertTrue(allocation.get(0).startsWith("time,iso_time,BINANCE:BTCUSDT,BINANCE:ETHUSDT,BYBIT:BTCUSDT,BYBIT:ETHUSDT,"
        + "OKX:BTCUSDT,OKX:ETHUSDT,BTCUSDT:long-BYBIT-spot/short-OKX-perp,BTCUSDT:long-BYBIT-perp/short-OKX-perp"),
        allocation.get(0));
    assertTrue(allocation.size() > 1000, "one row per 8h step");
    assertTrue(Files.size(out.resolve("portfolio-split-okx-positions.csv")) > 0);
    CliRun report = CliRun.of("report", "--input", out.toString(), "--out", out.resolve("report.html").toString());
    assertEquals(0, report.exitCode(), report.err());
    String html = Files.readString(out.resolve("report.html"));
    for (String section : List.of("Portfolio split", "Portfolio rotation", "rotation: allocation",
        "isolated margin on each venue", "<td>OKX:ETHUSDT</td>")) {
      assertTrue(html.contains(section), section);
    }

    CliRun both = CliRun.of("backtest", "--data", SharedData.dir().toString(), "--venue", "okx", "--venues", "okx,bybit");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("give --venue or --venues, not both"), both.err());
  }

  @Test
  void malformedDataIsOneClearLineNotAStackTrace() throws IOException {
    Path data = tmp.resolve("data");
    Path spot = Files.createDirectories(data.resolve("klines/spot/BINANCE"));
    Files.createDirectories(data.resolve("klines/perp/BINANCE"));
    Files.createDirectories(data.resolve("funding/perp/BINANCE"));
    String header = "open_time,open,high,low,close,volume\n";
    Files.writeString(spot.resolve("BTCUSDT-8h.csv"), header + "0,1,1,1,1,1\n28800000,1,1,1,oops,1\n");
    Files.writeString(data.resolve("klines/perp/BINANCE/BTCUSDT-8h.csv"), header + "0,1,1,1,1,1\n");
    Files.writeString(data.resolve("funding/perp/BINANCE/BTCUSDT.csv"), "funding_time,funding_rate\n0,0.0001\n");
    CliRun run = CliRun.of("backtest", "--data", data.toString(), "--venue", "binance", "--symbols", "BTCUSDT",
        "--out", tmp.resolve("o").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("error: klines/spot/BINANCE/BTCUSDT-8h.csv line 3 column 'close': not a decimal number: 'oops'"),
        run.err());
    assertTrue(run.err().contains("--lenient"));
    assertFalse(run.err().contains("\tat "), "no stack trace for bad input");

    CliRun lenient = CliRun.of("backtest", "--data", data.toString(), "--venue", "binance", "--symbols", "BTCUSDT",
        "--lenient", "--out", tmp.resolve("o2").toString());
    assertEquals(0, lenient.exitCode(), lenient.err());
  }

  @Test
  void noDataSaysHowToGetIt() {
    CliRun run = CliRun.of("backtest", "--data", tmp.resolve("empty").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("fundarb data download"), run.err());
  }

  @Test
  void badConfigAndBadArgumentsAreUserErrors() throws IOException {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "fundarb.sizing.reserve = 1.5\n");
    CliRun run = CliRun.of("backtest", "--config", conf.toString(), "--data", SharedData.dir().toString(), "--venue", "okx",
        "--out", tmp.resolve("o").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("config error in fundarb.sizing: reserve must be in [0, 1)"), run.err());

    Files.writeString(conf, "fundarb.sim.latency = fast\n");
    CliRun latency = CliRun.of("backtest", "--config", conf.toString(), "--data", SharedData.dir().toString());
    assertEquals(2, latency.exitCode());
    assertTrue(latency.err().contains("config error") && latency.err().contains("latency"), latency.err());

    CliRun strategy = CliRun.of("backtest", "--strategy", "moonshot", "--data", SharedData.dir().toString());
    assertEquals(2, strategy.exitCode());
    assertTrue(strategy.err().contains("unknown strategy 'moonshot'"), strategy.err());

    CliRun date = CliRun.of("backtest", "--from", "yesterday", "--data", SharedData.dir().toString());
    assertEquals(2, date.exitCode());
    assertTrue(date.err().contains("invalid date 'yesterday'"), date.err());
  }

  @Test
  void dataCheckReportsEverySeriesIncludingCoinMarginedOnes() {
    CliRun run = CliRun.of("data", "check", "--data", SharedData.dir().toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("OKX:BTCUSD coin-margined perp bars 8h"), run.out());
    assertTrue(run.out().contains("fear & greed"));
    assertTrue(run.out().contains("data: 31 series"), run.out());
  }

  @Test
  void aClusterMemberNeedsASeedAndAJournalOtherNodesCanRead() {
    CliRun alone = CliRun.of("node");
    assertEquals(2, alone.exitCode(), alone.out());
    assertTrue(alone.err().contains("give a seed to join"), alone.err());
    CliRun embedded = CliRun.of("node", "--cluster-port", "2552", "--seed", "127.0.0.1:2551");
    assertEquals(2, embedded.exitCode(), embedded.out());
    assertTrue(embedded.err().contains("needs the shared PostgreSQL journal"), embedded.err());
    CliRun paper = CliRun.of("paper", "--cluster-port", "2551");
    assertEquals(2, paper.exitCode(), paper.out());
    assertTrue(paper.err().contains("needs the shared PostgreSQL journal"), paper.err());
  }
}
