package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command given bad input (a missing model, a bad date, an unknown venue or symbol, an
 * unreadable config, missing data, a venue out of reach) answers with one clear line on stderr and
 * exit status 2: no stack trace, not even from a logger, unless {@code --verbose} asks for it.
 */
class BadInputTest {
  @TempDir static Path tmp;
  private static String data;
  private static String missing;
  private static String badConfig;

  @BeforeAll
  static void files() throws IOException {
    data = SharedData.dir().toString();
    missing = tmp.resolve("nowhere").toString();
    badConfig = Files.writeString(tmp.resolve("bad.conf"), "fundarb { sizing { reserve = [ }\n").toString();
  }

  static Stream<Arguments> badInputs() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("bad date", List.of("backtest", "--data", data, "--from", "2023-13-45"), "invalid date"));
    cases.add(Arguments.of("unknown venue", List.of("backtest", "--data", data, "--venue", "nowhere"), "no NOWHERE data"));
    cases.add(Arguments.of("unknown symbol", List.of("backtest", "--data", data, "--symbols", "DOGEUSDT"), "DOGEUSDT"));
    cases.add(Arguments.of("unreadable config", List.of("backtest", "--data", data, "--config", badConfig), "bad.conf"));
    cases.add(Arguments.of("missing config", List.of("paper", "--data", data, "--config", missing), "nowhere"));
    cases.add(Arguments.of("data missing", List.of("backtest", "--data", missing), "fundarb data download"));
    cases.add(Arguments.of("data check missing", List.of("data", "check", "--data", missing), "nowhere"));
    cases.add(Arguments.of("paper missing model", List.of("paper", "--data", data, "--model", missing + ".params"),
        "nowhere"));
    cases.add(Arguments.of("evaluate missing model", List.of("evaluate", "--data", data, "--from", "2024-01-01",
        "--model", missing + ".params"), "nowhere"));
    cases.add(Arguments.of("stress without an ensemble", List.of("stress", "--data", data, "--scenario", "crash20",
        "--ensemble", missing, "--out", tmp.resolve("stress").toString()), "fundarb train ensemble"));
    cases.add(Arguments.of("train missing windows", List.of("train", "--agent", "long_term", "--windows",
        missing + ".npy", "--output", tmp.resolve("m.params").toString()), "nowhere"));
    cases.add(Arguments.of("report missing input", List.of("report", "--input", missing), "nowhere"));
    cases.add(Arguments.of("walk-forward unreadable config", List.of("walk-forward", "--data", data, "--config",
        badConfig), "bad.conf"));
    cases.add(Arguments.of("download from a venue out of reach", List.of("data", "download", "--data",
        tmp.resolve("dl").toString(), "--symbols", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-01-02",
        "--archive-url", closedPort(), "--spot-api-url", closedPort(), "--futures-api-url", closedPort()),
        "download failed"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneLineOnStderrAndExitStatus2(String what, List<String> args, String says) {
    Captured run = Captured.of(args.toArray(String[]::new));
    assertEquals(2, run.exitCode(), what + ": " + run.all());
    List<String> errorLines = run.err().lines().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errorLines.size(), "one error line: " + run.all());
    assertTrue(run.err().contains(says), "it says what is wrong (" + says + "): " + run.err());
    assertFalse(run.all().contains("\tat ") || run.all().contains("Exception in thread"), "no stack trace: "
        + run.all());
  }

  @Test
  void verbosePrintsTheStackTraceToo() {
    Captured run = Captured.of("backtest", "--data", missing, "--verbose");
    assertEquals(2, run.exitCode(), run.all());
    assertTrue(run.err().contains("\tat "), "the stack trace with --verbose: " + run.all());
  }

  /** A URL on this machine where nothing listens: the connection is refused at once. */
  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
  }

  /** A run of the command line with its writers and the process's stdout and stderr (loggers write there) captured. */
  private record Captured(int exitCode, String out, String err, String console) {
    static synchronized Captured of(String... args) {
      PrintStream stdout = System.out;
      PrintStream stderr = System.err;
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      try {
        CliRun run = CliRun.of(args);
        return new Captured(run.exitCode(), run.out(), run.err(), console.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
    }

    String all() {
      return out + err + console;
    }
  }
}
