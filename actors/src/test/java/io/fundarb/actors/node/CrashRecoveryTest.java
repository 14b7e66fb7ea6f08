package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.testing.RealData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a paper node's JVM in the middle of trading, then a restart on the same journal: the
 * second JVM starts every asset over, re-runs the venue at full speed until each order journal has
 * seen the re-run produce what it held (checked event by event), and finishes with exactly the
 * fills, P&amp;L and books of a run that was never interrupted — no order lost, none twice.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void aNodeKilledMidTradeRecoversWithNoLostAndNoDuplicatedOrder() throws Exception {
    killMidTradeAndRecover(dir, dir.resolve("run").toString());
  }

  /**
   * The scenario on a journal: an H2 directory or a PostgreSQL URL (see {@link NodeProcess}).
   *
   * @param dir where the child processes write their results
   */
  static void killMidTradeAndRecover(Path dir, String journal) throws Exception {
    MarketData data = RealData.load("BINANCE");
    List<String> expected;
    long totalOrders = 0;
    try (FundarbNode uninterrupted = NodeProcess.start(data, JournalSettings.h2Memory("uninterrupted"), 0)) {
      expected = NodeProcess.result(uninterrupted, uninterrupted.finished().toCompletableFuture().get(5,
          TimeUnit.MINUTES));
      for (String asset : NodeProcess.ASSETS) {
        totalOrders += uninterrupted.book(asset).toCompletableFuture().get(30, TimeUnit.SECONDS).accepted();
      }
    }
    assertTrue(totalOrders > 40, "the threshold strategy trades: " + totalOrders + " orders");

    Process first = start(journal, 20, dir.resolve("first.txt"));
    // the reads below block: a node that hangs is killed after 5 minutes, which ends them
    CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES).execute(first::destroyForcibly);
    long killedAt = -1;
    long journaledAtKill = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] f = line.split(" ");
        if (f[0].equals("step") && Long.parseLong(f[2]) >= totalOrders / 2) {
          killedAt = Long.parseLong(f[1]);
          journaledAtKill = Long.parseLong(f[3]);
          first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
          break;
        }
        assertFalse(line.equals("finished"), "the first node finished before it could be killed");
      }
    }
    assertTrue(first.waitFor(60, TimeUnit.SECONDS));
    assertTrue(killedAt > 0, "the first node reported progress before it died");
    assertEquals(137, first.exitValue(), "killed by SIGKILL");

    Process second = start(journal, 0, dir.resolve("second.txt"));
    CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES).execute(second::destroyForcibly);
    String log = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(second.waitFor(1, TimeUnit.MINUTES), log);
    assertEquals(0, second.exitValue(), "the recovered node ended by itself within 5 minutes: " + log);

    List<String> result = Files.readAllLines(dir.resolve("second.txt"));
    assertEquals(expected.get(0), result.get(0));
    String[] recovery = result.get(1).split(" ");
    assertTrue(Long.parseLong(recovery[2]) >= journaledAtKill, "the re-run matched at least every order event the"
        + " first node had journaled when it was last seen (" + journaledAtKill + "): " + result.get(1));
    assertTrue(Long.parseLong(recovery[1]) >= killedAt - 2 || Long.parseLong(recovery[2]) > journaledAtKill,
        "re-ran the venue at least to where the first node was last seen (step " + killedAt + "): " + result.get(1));
    assertEquals("0", recovery[4], "no mismatch between the re-run and the journals: " + result.get(1));
    assertEquals(expected.subList(2, expected.size()), result.subList(2, result.size()),
        "fills, metrics and books equal an uninterrupted run's");
  }

  private static Process start(String journal, double seconds, Path result) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx1g", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        NodeProcess.class.getName(), journal, Double.toString(seconds), result.toString())
        .redirectErrorStream(true)
        .start();
  }
}
