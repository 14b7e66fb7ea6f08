package io.fundarb.ops.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.time.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code ensemble.json} in an ensemble directory: what it was trained on (venue, symbols,
 * range, window, seed), how long each model took, and the config file, so a registered ensemble
 * says where it came from.
 */
public final class EnsembleManifest {
  /** The registry's name for ensemble bundles. */
  public static final String AGENT = "ensemble";
  public static final String FILE = "ensemble.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EnsembleManifest() {}

  public static void write(Path dir, EnsemblePlan plan, long from, long to, long seed, Map<String, Double> seconds,
      Path configFile) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "fundarb-ensemble/1");
    root.put("created", Instant.now().toString());
    root.put("venue", plan.data().venue());
    root.putPOJO("symbols", plan.data().assets().stream().map(a -> a.asset().symbol()).toList());
    root.put("trainFrom", Times.isoInstant(from));
    root.put("trainTo", Times.isoInstant(to));
    root.put("window", plan.settings().window());
    root.put("seed", seed);
    root.put("config", configFile == null ? "" : configFile.toString());
    ObjectNode time = root.putObject("trainSeconds");
    seconds.forEach(time::put);
    time.put("total", seconds.values().stream().mapToDouble(Double::doubleValue).sum());
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(FILE).toFile(), root);
  }

  public static ObjectNode read(Path dir) throws IOException {
    return (ObjectNode) JSON.readTree(dir.resolve(FILE).toFile());
  }
}
