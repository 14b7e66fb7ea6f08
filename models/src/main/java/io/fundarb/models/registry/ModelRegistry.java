package io.fundarb.models.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.models.agents.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trained models on disk, versioned per agent:
 * {@code <root>/<agent>/v0001/model.params} with its card ({@code model.json}) and training log,
 * a {@code current} pointer per agent (replaced atomically), and an append-only
 * {@code audit.jsonl} of every registration, promotion and rollback with its reason. A version,
 * once registered, never changes; rollback moves the pointer back to the version that was current
 * before the last promotion.
 */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSION = Pattern.compile("v\\d{4}");
  private static final Pattern AGENT = Pattern.compile("[a-z][a-z0-9_]*");
  static final String PARAMS = "model.params";
  static final String CARD = "model.json";
  static final String LOG = "model.log.csv";

  /** One registered version of an agent's model. */
  public record Version(String agent, String name, Path dir) {
    public Path params() {
      return dir.resolve(PARAMS);
    }

    public ModelCard card() throws IOException {
      return ModelCard.read(dir.resolve(CARD));
    }
  }

  private final Path root;
  private final Clock clock;

  public ModelRegistry(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /**
   * Copies a trained model ({@code <name>.params} with its card and training log beside it) in as
   * the agent's next version; it does not become current until promoted.
   */
  public synchronized Version register(Path params, String reason) throws IOException {
    Path card = ModelCard.besides(params);
    if (!Files.isRegularFile(params) || !Files.isRegularFile(card)) {
      throw new IllegalArgumentException("a model to register needs " + params + " and its card " + card);
    }
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(params, PARAMS);
    files.put(card, CARD);
    Path log = params.resolveSibling(params.getFileName().toString().replace(".params", ".log.csv"));
    if (Files.isRegularFile(log)) {
      files.put(log, LOG);
    }
    return install(ModelCard.read(card).agent(), files, reason);
  }

  /**
   * Copies a directory of model files (an ensemble: its agents, meta controller and manifest) in
   * as {@code agent}'s next version; it does not become current until promoted.
   */
  public synchronized Version registerBundle(String agent, Path source, String reason) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new IllegalArgumentException("no model directory at " + source);
    }
    Map<Path, String> files = new LinkedHashMap<>();
    try (Stream<Path> listed = Files.list(source)) {
      listed.filter(Files::isRegularFile).forEach(f -> files.put(f, f.getFileName().toString()));
    }
    return install(agent, files, reason);
  }

  /** Copies {@code files} (source -> name in the version) into a staging directory, then moves it in whole. */
  private Version install(String agent, Map<Path, String> files, String reason) throws IOException {
    requireAgent(agent);
    String name = nextName(agent);
    Path dir = root.resolve(agent).resolve(name);
    Path staging = root.resolve(agent).resolve("." + name + ".staging");
    Files.createDirectories(staging);
    for (Map.Entry<Path, String> f : files.entrySet()) {
      Files.copy(f.getKey(), staging.resolve(f.getValue()), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    audit(agent, "register", name, null, reason);
    return new Version(agent, name, dir);
  }

  private String nextName(String agent) throws IOException {
    return String.format(java.util.Locale.ROOT, "v%04d", versions(agent).size() + 1);
  }

  /** The agent's versions, oldest first. */
  public List<Version> versions(String agent) throws IOException {
    requireAgent(agent);
    Path dir = root.resolve(agent);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs.filter(d -> VERSION.matcher(d.getFileName().toString()).matches() && Files.isDirectory(d)).sorted()
          .map(d -> new Version(agent, d.getFileName().toString(), d)).toList();
    }
  }

  /** Agents with at least one version. */
  public List<String> agents() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
          .filter(a -> AGENT.matcher(a).matches()).sorted().toList();
    }
  }

  public Optional<Version> current(String agent) throws IOException {
    Path pointer = root.resolve(agent).resolve("current");
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    return Optional.of(version(agent, Files.readString(pointer, StandardCharsets.UTF_8).strip()));
  }

  public Version version(String agent, String name) throws IOException {
    List<Version> all = versions(agent);
    return all.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no version " + name + " of " + agent + " in " + root + "; it has "
            + all.stream().map(Version::name).toList()));
  }

  /** Makes {@code name} the agent's current version; returns the one it replaced, if any. */
  public synchronized Optional<Version> promote(String agent, String name, String reason) throws IOException {
    Version next = version(agent, name);
    Optional<Version> previous = current(agent);
    point(agent, next.name());
    audit(agent, "promote", next.name(), previous.map(Version::name).orElse(null), reason);
    return previous;
  }

  /** Moves the pointer back to the version that was current before the latest promotion still in force. */
  public synchronized Version rollback(String agent, String reason) throws IOException {
    List<String> stack = promotions(agent);
    if (stack.size() < 2) {
      throw new IllegalArgumentException(agent + " has no earlier promoted version to roll back to");
    }
    String from = stack.get(stack.size() - 1);
    String to = stack.get(stack.size() - 2);
    point(agent, to);
    audit(agent, "rollback", to, from, reason);
    return version(agent, to);
  }

  /** The version {@link #rollback} would make current, if there is one; nothing changes. */
  public synchronized Optional<Version> rollbackTarget(String agent) throws IOException {
    List<String> stack = promotions(agent);
    return stack.size() < 2 ? Optional.empty() : Optional.of(version(agent, stack.get(stack.size() - 2)));
  }

  /** Promoted versions still in force (not undone by a rollback), oldest first. */
  private List<String> promotions(String agent) throws IOException {
    List<String> stack = new ArrayList<>();
    for (ObjectNode entry : auditLog(agent)) {
      String action = entry.get("action").asText();
      if (action.equals("promote")) {
        stack.add(entry.get("version").asText());
      } else if (action.equals("rollback") && !stack.isEmpty()) {
        stack.remove(stack.size() - 1);
      }
    }
    return stack;
  }

  /**
   * Appends a decision record (e.g. a retraining run's inputs, metrics and verdict) to the agent's
   * audit trail, stamped with the time and {@code action}.
   */
  public synchronized void recordDecision(String agent, String action, ObjectNode details) throws IOException {
    requireAgent(agent);
    ObjectNode entry = JSON.createObjectNode().put("time", clock.instant().toString()).put("action", action);
    entry.setAll(details);
    append(agent, entry);
  }

  /** The agent's audit records, oldest first. */
  public List<ObjectNode> auditLog(String agent) throws IOException {
    Path file = root.resolve(agent).resolve("audit.jsonl");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<ObjectNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add((ObjectNode) JSON.readTree(line));
      }
    }
    return out;
  }

  private void point(String agent, String name) throws IOException {
    Path dir = root.resolve(agent);
    Path temp = dir.resolve(".current.tmp");
    Files.writeString(temp, name + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(temp, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, dir.resolve("current"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void audit(String agent, String action, String version, String previous, String reason) throws IOException {
    ObjectNode entry = JSON.createObjectNode().put("time", clock.instant().toString()).put("action", action)
        .put("version", version).put("reason", reason == null ? "" : reason);
    if (previous != null) {
      entry.put("previous", previous);
    }
    append(agent, entry);
  }

  private void append(String agent, ObjectNode entry) throws IOException {
    Files.createDirectories(root.resolve(agent));
    Files.writeString(root.resolve(agent).resolve("audit.jsonl"), entry + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void requireAgent(String agent) {
    if (agent == null || !AGENT.matcher(agent).matches()) {
      throw new IllegalArgumentException("not an agent name: " + agent);
    }
  }
}
