package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.fundarb.ops.cli.ClusterProbe.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.engine.testing.Required;
import io.fundarb.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three fundarb JVMs on 127.0.0.1 started as the README says ({@code paper --cluster-port ... --seed
 * ... --journal ...} and two {@code node}s), on a PostgreSQL database of their own, the run under
 * way, and two drills on the non-seed member hosting an asset: killed with SIGKILL, and frozen with
 * SIGSTOP past the split-brain resolver's decision (as a partition would cut it off) then continued.
 * Either way the others down it, its asset answers again from a survivor (recovered from its
 * journal), and the run goes on to the end of its data, missing at most the decisions of the steps
 * the failover took; the frozen member, once it wakes, finds itself downed and stops instead of
 * trading beside its replacement. The failover time (to the moved asset answering
 * {@code GET /assets/{id}} again) is printed and kept in {@code target/cluster-failover/<drill>/}
 * with each node's output. Two assets (the default universe) on the simulated venue; the
 * thirty-asset drills on a connected venue are {@link ConnectedClusterTest}.
 */
class ClusterFailoverTest {
  private static final Path TRANSCRIPT = Path.of("target", "cluster-failover");

  @TempDir Path tmp;

  /** Three members on a database of their own, the run under way, and the non-seed member hosting an asset. */
  private final class ThreeNodes implements AutoCloseable {
    final String admin = Required.environment("FUNDARB_TEST_POSTGRES_URL",
        "set it (and FUNDARB_TEST_POSTGRES_USER) to run the cluster failover tests; .ci/run does");
    ScratchDatabase db;
    final int[] ports = freePorts(6);
    final int[] cluster = {ports[0], ports[1], ports[2]};
    final int[] http = {ports[3], ports[4], ports[5]};
    final List<Process> nodes = new ArrayList<>();
    final List<StringBuffer> outputs = new ArrayList<>();
    final String base = "http://127.0.0.1:" + http[0];
    final String drill;
    int victim = -1;

    ThreeNodes(String drill) throws Exception {
      this.drill = drill;
      db = new ScratchDatabase(admin, ClusterProbe.USER, "", "fundarb_failover_" + ProcessHandle.current().pid());
      String journal = db.url();
      String seed = "127.0.0.1:" + cluster[0];
      // two months of 8-hour bars at 100,000x: about 290 ms a step, a minute in all when nothing fails
      start(nodes, outputs, List.of("paper", "--data", SharedData.dir().toString(), "--from", "2023-11-01", "--to",
          "2024-01-01", "--speed", "100000", "--out", tmp.resolve("run").toString(), "--cluster-port",
          String.valueOf(cluster[0]), "--seed", seed, "--journal", journal, "--admin-port", String.valueOf(http[0])));
      for (int k = 1; k < 3; k++) {
        start(nodes, outputs, List.of("node", "--cluster-port", String.valueOf(cluster[k]), "--seed", seed,
            "--journal", journal, "--admin-port", String.valueOf(http[k])));
      }
      Awaitility.await("three members up, the assets hosted").atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> upMembers(cluster(base)) == 3 && cluster(base).path("assets").asInt() == 2);
      Awaitility.await("the run under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> java.util.regex.Pattern.compile("step ([1-9]\\d+|[5-9]) ").matcher(outputs.get(0)).find());
      JsonNode before = cluster(base);
      for (int k = 1; k < 3 && victim < 0; k++) { // a node (not the seed, which runs the run) hosting an asset
        if (assetsOn(before, cluster[k]) > 0) {
          victim = k;
        }
      }
      assertTrue(victim > 0, "the shards spread over the members: " + before);
    }

    /** Waits until both assets answer again; the seconds since {@code since} (System.nanoTime). */
    double assetsBackAfter(long since) {
      // trading again: the moved asset's entity answers its status (an ask through sharding) again
      Awaitility.await("both assets answer again").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100)).until(() -> answers(base, "BINANCE:BTCUSDT")
              && answers(base, "BINANCE:ETHUSDT"));
      double seconds = (System.nanoTime() - since) / 1e9;
      int gone = cluster[victim];
      Awaitility.await("the member removed, its asset hosted on a survivor").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> {
            JsonNode now = cluster(base);
            return member(now, gone) == null && now.path("assets").asInt() == 2;
          });
      return seconds;
    }

    /** The run's end: exit 0 at the end of its data, missing at most the decisions of the failover's steps. */
    void runEnds(double failoverSeconds) throws Exception {
      assertTrue(nodes.get(0).waitFor(5, TimeUnit.MINUTES), "the run ends: " + outputs.get(0));
      String out = outputs.get(0).toString();
      assertEquals(0, nodes.get(0).exitValue(), out);
      java.util.regex.Matcher finished = java.util.regex.Pattern.compile(
          "finished: end of data; decisions missed: (\\d+)").matcher(out);
      assertTrue(finished.find(), out);
      // the replay does not stall on a lost member: a step whose asset was moving gets no decision within its
      // deadline and is counted as missed; only the steps of the failover may be
      int missed = Integer.parseInt(finished.group(1));
      assertTrue(missed <= Math.ceil(failoverSeconds / 0.288) + 1, missed + " decisions missed in a "
          + failoverSeconds + " s failover");
    }

    void record(String line) throws Exception {
      ClusterProbe.record(TRANSCRIPT.resolve(drill), "cluster " + drill, line);
    }

    @Override
    public void close() throws Exception {
      ClusterProbe.stopAndKeep(nodes, outputs, TRANSCRIPT.resolve(drill), k -> "node-" + (k + 1));
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void aMemberKilledMidRunHandsItsAssetsToTheSurvivorsAndTheRunEnds() throws Exception {
    try (ThreeNodes c = new ThreeNodes("kill")) {
      long killed = System.nanoTime();
      c.nodes.get(c.victim).destroyForcibly(); // SIGKILL
      assertTrue(c.nodes.get(c.victim).waitFor(30, TimeUnit.SECONDS));
      double failover = c.assetsBackAfter(killed);
      c.record(String.format(java.util.Locale.ROOT, "kill -9 of the member at 127.0.0.1:%d -> its asset answering"
          + " again after %.1f s", c.cluster[c.victim], failover));
      c.runEnds(failover);
    }
  }

  /**
   * A member frozen (SIGSTOP) past the resolver's decision, as a partition would cut it off: the
   * others down it and take its asset over; continued (SIGCONT), it finds itself removed and stops
   * instead of trading beside its replacement.
   */
  @Test
  void aMemberFrozenPastTheResolversDecisionIsDownedAndStopsWhenItWakes() throws Exception {
    try (ThreeNodes c = new ThreeNodes("freeze")) {
      Process frozen = c.nodes.get(c.victim);
      long stopped = System.nanoTime();
      signal("STOP", frozen);
      double failover;
      try {
        failover = c.assetsBackAfter(stopped);
      } finally {
        signal("CONT", frozen);
      }
      assertTrue(frozen.waitFor(60, TimeUnit.SECONDS), "the downed member stops once it wakes: "
          + c.outputs.get(c.victim));
      c.record(String.format(java.util.Locale.ROOT, "SIGSTOP of the member at 127.0.0.1:%d -> its asset answering"
          + " again after %.1f s; after SIGCONT it exited with %d", c.cluster[c.victim], failover, frozen.exitValue()));
      c.runEnds(failover);
    }
  }

  private static void start(List<Process> nodes, List<StringBuffer> outputs, List<String> args) throws Exception {
    Process p = ChildJvm.fundarb(args, java.util.Map.of(), "512m");
    nodes.add(p);
    outputs.add(ChildJvm.drain(p));
  }
}
