package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import io.fundarb.ops.rl.Npy;
import io.fundarb.ops.rl.WindowsSidecar;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart sequence, end to end on the real data with tiny budgets. */
class RlCommandsTest {
  @TempDir static Path dir;
  static Path windows;
  static Path sentiment;

  @BeforeAll
  static void makeWindows() {
    windows = dir.resolve("train_windows_20.npy");
    sentiment = dir.resolve("sentiment_windows_20.npy");
    String data = SharedData.dir().toString();
    CliRun market = CliRun.of("windows", "--data", data, "--symbols", "BTCUSDT", "--from", "2023-01-01", "--to", "2023-07-01",
        "--window", "20", "--output", windows.toString());
    assertEquals(0, market.exitCode(), market.err());
    CliRun mood = CliRun.of("windows", "--sentiment", "--data", data, "--symbols", "BTCUSDT", "--from", "2023-01-01", "--to",
        "2023-07-01", "--window", "20", "--output", sentiment.toString());
    assertEquals(0, mood.exitCode(), mood.err());
  }

  @Test
  void windowsAreNumpyArraysDescribedBySidecars() throws IOException {
    Npy.Array array = Npy.read(windows);
    WindowsSidecar sidecar = WindowsSidecar.read(WindowsSidecar.besides(windows));
    assertEquals(3, array.shape().length);
    assertEquals(20, array.shape()[1]);
    assertEquals(sidecar.features().size(), array.shape()[2]);
    assertEquals(array.shape()[0], sidecar.series().get(0).count());
    assertEquals("market", sidecar.group());
    assertEquals("these windows", sidecar.normalization().fittedOn());
    for (float v : array.data()) {
      assertTrue(Float.isFinite(v) && Math.abs(v) <= 10, "normalised and clipped");
    }

    Path test = dir.resolve("test_windows_20.npy");
    CliRun run = CliRun.of("windows", "--data", SharedData.dir().toString(), "--symbols", "BTCUSDT", "--from", "2023-10-01",
        "--to", "2024-01-01", "--window", "20", "--normalization-from", windows.toString(), "--output", test.toString());
    assertEquals(0, run.exitCode(), run.err());
    WindowsSidecar testSidecar = WindowsSidecar.read(WindowsSidecar.besides(test));
    assertArrayEquals(sidecar.normalization().mean(), testSidecar.normalization().mean(), "test windows reuse training statistics");
    assertTrue(testSidecar.series().get(0).firstEnd().startsWith("2023-10-01"), "the lead before --from warms features up");
  }

  @Test
  void trainWritesAModelCardAndLogThatEvaluateUsesAgainstTheBaselines() throws IOException {
    Path model = dir.resolve("models/sentiment.params");
    CliRun train = CliRun.of("train", "--agent", "sentiment", "--windows", windows.toString(), "--sentiment-windows",
        sentiment.toString(), "--output", model.toString(), "--epochs", "2", "--envs", "2", "--rollout-steps", "16",
        "--batch-size", "16", "--hidden-dims", "8,8", "--seed", "3");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("wrote " + model), train.out());
    assertEquals(3, Files.readAllLines(dir.resolve("models/sentiment.log.csv")).size());
    assertTrue(Files.readString(dir.resolve("models/sentiment.json")).contains("\"agent\" : \"sentiment\""));

    CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", SharedData.dir().toString(), "--from",
        "2023-06-01", "--to", "2023-09-01", "--out", dir.resolve("eval").toString());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    for (String row : List.of("sentiment(model)", "carry", "threshold", "flat")) {
      assertTrue(evaluate.out().lines().anyMatch(l -> l.startsWith("BINANCE") && l.contains(row)), evaluate.out());
    }
    assertTrue(evaluate.out().contains("warning") && evaluate.out().contains("not out of sample"),
        "June-August overlaps the training range: " + evaluate.out());
    assertTrue(Files.exists(dir.resolve("eval/summary.json")));

    String registry = dir.resolve("registry").toString();
    for (int k = 0; k < 2; k++) {
      CliRun register = CliRun.of("models", "register", model.toString(), "--registry", registry, "--reason", "test");
      assertEquals(0, register.exitCode(), register.err());
    }
    assertEquals(0, CliRun.of("models", "promote", "sentiment", "v0001", "--registry", registry).exitCode());
    CliRun promote = CliRun.of("models", "promote", "sentiment", "v0002", "--registry", registry);
    assertTrue(promote.out().contains("current is now v0002 (was v0001)"), promote.out());
    CliRun rollback = CliRun.of("models", "rollback", "sentiment", "--registry", registry, "--reason", "paper drawdown");
    assertTrue(rollback.out().contains("current is now v0001"), rollback.out() + rollback.err());
    CliRun list = CliRun.of("models", "list", "--registry", registry);
    assertTrue(list.out().contains("* v0001") && list.out().contains("  v0002"), list.out());
    CliRun again = CliRun.of("models", "rollback", "sentiment", "--registry", registry);
    assertEquals(2, again.exitCode(), "nothing earlier to roll back to is a user error");
    CliRun paper = CliRun.of("paper", "--model", dir.resolve("registry/sentiment/v0001/model.params").toString(),
        "--data", SharedData.dir().toString(), "--from", "2023-09-01", "--to", "2023-10-01", "--admin-port", "0",
        "--out", dir.resolve("paper").toString());
    assertEquals(0, paper.exitCode(), "a registered version runs as a node policy: " + paper.err());
  }

  @Test
  void trainingRefusesInputsItCannotTrust() throws IOException {
    CliRun noSentiment = CliRun.of("train", "--agent", "sentiment", "--windows", windows.toString(), "--output",
        dir.resolve("x.params").toString());
    assertEquals(2, noSentiment.exitCode());
    assertTrue(noSentiment.err().contains("--sentiment-windows"), noSentiment.err());

    Path tampered = dir.resolve("tampered.npy");
    Files.copy(windows, tampered);
    Files.copy(WindowsSidecar.besides(windows), WindowsSidecar.besides(tampered));
    try (RandomAccessFile file = new RandomAccessFile(tampered.toFile(), "rw")) {
      file.seek(file.length() - 4);
      file.writeInt(0x3f800000);
    }
    CliRun run = CliRun.of("train", "--agent", "long_term", "--windows", tampered.toString(), "--output",
        dir.resolve("y.params").toString(), "--epochs", "1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no longer matches the data"), run.err());

    CliRun unknown = CliRun.of("train", "--agent", "oracle", "--windows", windows.toString(), "--output", "z.params");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown agent 'oracle'"), unknown.err());
  }
}
