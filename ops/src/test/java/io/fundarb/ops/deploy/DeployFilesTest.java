package io.fundarb.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fundarb.ops.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The container files, checked without a container engine (none on the build machines): the
 * compose and Prometheus files parse and point at files that exist, and the image's command line
 * is one the fundarb CLI accepts, running the jar the build produces.
 */
class DeployFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void composeDefinesTheStackAndMountsFilesThatExist() throws Exception {
    JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    for (String service : List.of("fundarb", "fundarb-2", "fundarb-3", "postgres", "prometheus", "grafana")) {
      assertTrue(compose.get("services").has(service), service);
    }
    compose.get("services").forEach(service -> service.path("volumes").forEach(v -> {
      String host = v.asText().split(":")[0];
      if (host.startsWith("./")) {
        assertTrue(Files.exists(ROOT.resolve(host)), "mounted file missing: " + host);
      }
    }));
    for (String node : List.of("fundarb", "fundarb-2", "fundarb-3")) {
      assertEquals("jdbc:postgresql://postgres:5432/fundarb",
          compose.at("/services/" + node + "/environment/FUNDARB_JOURNAL_URL").asText(),
          "the journal goes to the PostgreSQL service");
      List<String> command = new ArrayList<>();
      compose.at("/services/" + node + "/command").forEach(c -> command.add(c.asText()));
      CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command.toArray(new String[0]));
      assertEquals(node.equals("fundarb") ? "paper" : "node", parsed.subcommand().commandSpec().name(),
          node + "'s command is one the CLI accepts");
      assertEquals(List.of("fundarb:2552"), parsed.subcommand().matchedOptionValue("--seed", List.of()),
          "every node joins node 1");
      assertEquals(node, parsed.subcommand().matchedOptionValue("--cluster-host", ""), "each advertises its name");
      assertEquals(2552, (int) parsed.subcommand().matchedOptionValue("--cluster-port", 0));
    }
    JsonNode prometheus = YAML.readTree(ROOT.resolve("ops/deploy/prometheus.yml").toFile());
    JsonNode job = prometheus.get("scrape_configs").get(0);
    assertEquals("/metrics", job.get("metrics_path").asText());
    assertEquals("fundarb:8081", job.at("/static_configs/0/targets/0").asText());
    assertEquals("fundarb-2:8081", job.at("/static_configs/1/targets/0").asText());
    assertEquals("fundarb-3:8081", job.at("/static_configs/2/targets/0").asText());
  }

  @Test
  void theImageRunsTheShadedJarWithACommandLineTheCliAccepts() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    List<String> entrypoint = jsonArray(dockerfile, "ENTRYPOINT");
    List<String> cmd = jsonArray(dockerfile, "CMD");
    assertEquals("/opt/fundarb/fundarb.jar", entrypoint.get(entrypoint.size() - 1));
    assertTrue(Files.readString(ROOT.resolve("ops/pom.xml")).contains("<finalName>fundarb</finalName>"),
        "the shade plugin writes fundarb.jar");
    assertTrue(dockerfile.contains("USER fundarb") && dockerfile.contains("HEALTHCHECK"), "non-root, health-checked");
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(cmd.toArray(new String[0]));
    assertEquals("paper", parsed.subcommand().commandSpec().name());
  }

  /** The JSON-array form of a Dockerfile instruction. */
  private static List<String> jsonArray(String dockerfile, String instruction) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + instruction + " (\\[.*\\])$").matcher(dockerfile);
    assertTrue(m.find(), instruction + " in exec (JSON array) form");
    List<String> out = new ArrayList<>();
    new ObjectMapper().readTree(m.group(1)).forEach(n -> out.add(n.asText()));
    return out;
  }
}
