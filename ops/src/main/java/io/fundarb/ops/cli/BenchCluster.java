package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.actors.node.JournalSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The cluster a {@code bench venue --members N} run trades from: the run's node ({@code paper}, the
 * seed and the venue connection) and {@code N - 1} {@code node --connected} members, on a PostgreSQL
 * database the bench creates beside the one {@code --journal} names and drops afterwards. It also
 * follows where each asset runs (polling the run node's {@code GET /cluster}), so that a latency can
 * be told apart by whether its asset was on the run's node or on another member.
 */
final class BenchCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final int members;
  /** The cluster's journal, or null for one member (its embedded one). */
  private final ScratchDatabase database;
  private final int[] clusterPorts;
  private final int[] adminPorts;
  private final List<Process> others = new ArrayList<>();
  /** From each poll's time (nanoTime) on: the symbols whose entity ran on another member than the run's node. */
  private final ConcurrentSkipListMap<Long, Set<String>> remote = new ConcurrentSkipListMap<>();
  private volatile boolean watching = true;

  BenchCluster(int members, JournalSettings server) throws Exception {
    if (members < 1 || members > 3) {
      throw new IllegalArgumentException("--members takes 1, 2 or 3 (this machine has 2 cores), got " + members);
    }
    if (members > 1 && (server == null || !server.kind().equals("postgres"))) {
      throw new IllegalArgumentException("--members above 1 needs a PostgreSQL server for the shared journal:"
          + " --journal jdbc:postgresql://host:5432/db (the bench creates and drops a database of its own there)");
    }
    this.members = members;
    this.database = members > 1 ? new ScratchDatabase(server.url(), server.user(), server.password(),
        "fundarb_bench_" + System.currentTimeMillis()) : null;
    this.clusterPorts = freePorts(members);
    this.adminPorts = freePorts(members);
  }

  /** The run node's extra options: its cluster port, itself as the seed, the bench's journal, a known admin port. */
  List<String> runNodeOptions() {
    return members == 1 ? List.of("--admin-port", "0") : List.of("--cluster-port", String.valueOf(clusterPorts[0]),
        "--seed", seed(), "--journal", database.url(), "--admin-port", String.valueOf(adminPorts[0]));
  }

  /**
   * Starts the other members before the run's node: they join as soon as it is up, so the assets
   * spread from the first step instead of rebalancing during the measurement.
   */
  void startMembers(List<String> javaAndClassPath, Path config, String strategy, Map<String, String> env, Path work)
      throws Exception {
    for (int k = 1; k < members; k++) {
      List<String> command = new ArrayList<>(javaAndClassPath);
      command.addAll(List.of("node", "--connected", "--config", config.toString(), "--strategy", strategy,
          "--cluster-port", String.valueOf(clusterPorts[k]), "--seed", seed(), "--journal", database.url(),
          "--admin-port", String.valueOf(adminPorts[k])));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(work.resolve("member-" + (k + 1) + ".log").toFile());
      builder.environment().putAll(env);
      others.add(builder.start());
    }
  }

  /** Whether every member is up, as the run node's admin API shows it (true at once for one member). */
  boolean allUp() {
    if (members == 1) {
      return true;
    }
    try {
      JsonNode cluster = cluster();
      int up = 0;
      for (JsonNode m : cluster.path("members")) {
        up += m.path("status").asText().equals("up") ? 1 : 0;
      }
      return up == members;
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Follows where the assets run until {@link #close}, on a thread of its own. */
  void watchPlacement() {
    if (members == 1) {
      return;
    }
    Thread t = new Thread(() -> {
      while (watching) {
        try {
          JsonNode cluster = cluster();
          String self = cluster.path("self").asText();
          Set<String> elsewhere = new HashSet<>();
          for (JsonNode m : cluster.path("members")) {
            if (!m.path("address").asText().equals(self)) {
              m.path("entities").forEach(e -> elsewhere.add(e.asText().substring(e.asText().indexOf(':') + 1)));
            }
          }
          remote.put(System.nanoTime(), elsewhere);
        } catch (Exception unanswered) {
          // the run's node starting or ending: the last placement stands
        }
        try {
          Thread.sleep(500); // the placement's sampling interval
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-placement");
    t.setDaemon(true);
    t.start();
  }

  /** Whether {@code symbol}'s entity ran on another member than the run's node at {@code nanos}. */
  boolean remoteAt(String symbol, long nanos) {
    Map.Entry<Long, Set<String>> at = remote.floorEntry(nanos);
    return at != null && at.getValue().contains(symbol);
  }

  private JsonNode cluster() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPorts[0]
        + "/cluster")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private String seed() {
    return "127.0.0.1:" + clusterPorts[0];
  }

  @Override
  public void close() throws Exception {
    watching = false;
    others.forEach(Process::destroyForcibly);
    for (Process p : others) {
      p.waitFor();
    }
    if (database != null) {
      database.close();
    }
  }

  /** {@code n} distinct free ports: all held open while they are picked, so none is picked twice. */
  static int[] freePorts(int n) throws java.io.IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int k = 0; k < n; k++) {
        held.add(new ServerSocket(0));
        ports[k] = held.get(k).getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
