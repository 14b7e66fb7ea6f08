package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a paper node's JVM in the middle of trading, then a restart on the same journal:
 * the second JVM replays the journals, re-runs the venue to where the first stopped, reconciles
 * every order, and finishes with exactly the fills, P&amp;L and order journals of a run that was
 * never interrupted — no order lost, none twice.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  /** The uninterrupted run's order journals, folded the way the order actors fold them. */
  private static final class ExpectedBook {
    long accepted;
    long fills;
    long rejections;
    final Set<Long> open = new HashSet<>();
    OrderActor.Trail trail = OrderActor.Trail.EMPTY;

    void add(OrderActor.OrderEvent e) {
      trail = trail.then(e);
      if (e instanceof OrderActor.Accepted a) {
        accepted++;
        open.add(a.orderId());
      } else if (e instanceof OrderActor.Filled f) {
        fills++;
        if (f.complete()) {
          open.remove(f.orderId());
        }
      } else if (e instanceof OrderActor.Rejected r) {
        rejections++;
        open.remove(r.orderId());
      } else {
        open.remove(((OrderActor.Canceled) e).orderId());
      }
    }

    String line(String asset) {
      return "book " + asset + " accepted=" + accepted + " fills=" + fills + " rejections=" + rejections + " open="
          + open.size() + " events=" + trail.events() + " digest=" + trail.digest();
    }
  }

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
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    Map<String, ExpectedBook> books = new HashMap<>();
    Strategy[] strategies = new Strategy[universe.assetCount()];
    for (int a = 0; a < strategies.length; a++) {
      strategies[a] = Strategies.find("threshold").create(StrategySettings.empty());
    }
    ReplayAccount uninterrupted = new ReplayAccount(MarketTape.build(data, universe), data.venue(), universe, config,
        strategies, ReplayDesk.listener(new OrderJournal(
            (asset, e) -> books.computeIfAbsent(asset, k -> new ExpectedBook()).add(e))));
    while (uninterrupted.hasNext()) {
      long t = uninterrupted.advance();
      uninterrupted.decide();
      uninterrupted.record(t);
    }
    BacktestResult expected = uninterrupted.result();
    long totalOrders = books.values().stream().mapToLong(b -> b.accepted).sum();
    assertTrue(totalOrders > 40, "the threshold strategy trades: " + totalOrders + " orders");

    Process first = start(journal, 20, dir.resolve("first.txt"));
    long killedAt = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] f = line.split(" ");
        if (f[0].equals("step") && Long.parseLong(f[2]) >= totalOrders / 2) {
          killedAt = Long.parseLong(f[1]);
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
    String log = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(second.waitFor(5, TimeUnit.MINUTES), log);
    assertEquals(0, second.exitValue(), log);

    List<String> result = Files.readAllLines(dir.resolve("second.txt"));
    assertEquals("reason end of data", result.get(0));
    String[] recovery = result.get(1).split(" ");
    assertTrue(Long.parseLong(recovery[1]) >= killedAt - 1_000, "re-ran the venue to where the first node stopped: "
        + result.get(1) + ", killed at step " + killedAt);
    assertTrue(Long.parseLong(recovery[2]) > 0, "found the first node's orders in the journal: " + result.get(1));
    assertEquals("0", recovery[4], "no reconciliation mismatch: " + result.get(1));
    assertEquals("fills " + expected.journal().fills().size(), result.get(2));
    assertEquals("metrics " + expected.metrics(), result.get(3));
    for (int a = 0; a < NodeProcess.ASSETS.size(); a++) {
      String asset = NodeProcess.ASSETS.get(a);
      assertEquals(books.get(asset).line(asset), result.get(4 + a), "order journal of " + asset);
    }
  }

  private static Process start(String journal, double seconds, Path result) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx1g", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        NodeProcess.class.getName(), journal, Double.toString(seconds), result.toString())
        .redirectErrorStream(true)
        .start();
  }
}
