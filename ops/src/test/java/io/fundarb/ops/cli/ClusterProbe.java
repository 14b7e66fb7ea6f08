package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the multi-JVM cluster tests ask of a running cluster over its admin API, and their process plumbing. */
final class ClusterProbe {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = System.getenv().getOrDefault("FUNDARB_TEST_POSTGRES_USER", "postgres");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ClusterProbe() {}

  /** {@code GET /cluster} of the node serving {@code base}. */
  static JsonNode cluster(String base) throws Exception {
    return get(base, "/cluster", Duration.ofSeconds(10));
  }

  static JsonNode get(String base, String path, Duration timeout) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** A mutating admin call with the bearer token; its status must be {@code expected}. */
  static void send(String method, String base, String path, String token, String body, int expected)
      throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
  }

  /** Whether the asset's entity answers {@code GET /assets/{id}} within 1.5 s. */
  static boolean answers(String base, String asset) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/assets/" + asset)).timeout(Duration.ofMillis(1_500))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  static long upMembers(JsonNode cluster) {
    long up = 0;
    for (JsonNode m : cluster.path("members")) {
      up += m.path("status").asText().equals("up") ? 1 : 0;
    }
    return up;
  }

  static JsonNode member(JsonNode cluster, int port) {
    for (JsonNode m : cluster.path("members")) {
      if (m.path("address").asText().endsWith(":" + port)) {
        return m;
      }
    }
    return null;
  }

  static int assetsOn(JsonNode cluster, int port) {
    JsonNode m = member(cluster, port);
    return m == null ? 0 : m.path("assets").asInt();
  }

  /** The asset entities the member at {@code port} hosts, by id. */
  static List<String> entitiesOn(JsonNode cluster, int port) {
    List<String> ids = new ArrayList<>();
    JsonNode m = member(cluster, port);
    if (m != null) {
      m.path("entities").forEach(e -> ids.add(e.asText()));
    }
    return ids;
  }

  /** {@code n} distinct free ports (the bench's helper: all held open while they are picked). */
  static int[] freePorts(int n) {
    try {
      return BenchCluster.freePorts(n);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes a drill's result line to {@code dir/failover.txt} and prints it. */
  static void record(java.nio.file.Path dir, String label, String line) throws Exception {
    java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(dir).resolve("failover.txt"), line + "\n");
    System.out.println(label + ": " + line);
  }

  /**
   * Stops every node (SIGKILL; the drills are over) and keeps each one's output in {@code dir} as
   * {@code <name of k>.log}: the transcript of the drill, or of what went wrong.
   */
  static void stopAndKeep(List<Process> nodes, List<StringBuffer> outputs, java.nio.file.Path dir,
      java.util.function.IntFunction<String> name) throws Exception {
    nodes.forEach(Process::destroyForcibly);
    for (Process p : nodes) {
      p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    java.nio.file.Files.createDirectories(dir);
    for (int k = 0; k < outputs.size(); k++) {
      java.nio.file.Files.writeString(dir.resolve(name.apply(k) + ".log"), outputs.get(k));
    }
  }

  /** {@code kill -<name>} of the process. */
  static void signal(String name, Process p) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).start().waitFor());
  }
}
