package io.fundarb.ops.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.actors.asset.PolicyLibrary;
import io.fundarb.actors.node.Steering;
import io.fundarb.engine.trading.AssetFeed;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.ensemble.EnsembleSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A node's models from a registry: the version it started with and every version swapped in since
 * (each loaded once, shared by all assets, closed with the node), and the promote / rollback the
 * admin API offers. A change is prepared first (the version exists, loads and fits this node's
 * data), then swapped in through the run's steering, and only then does the registry's
 * pointer move; a version that does not fit changes nothing.
 */
public final class RegistryPolicies implements PolicyLibrary, AutoCloseable {
  /** A prepared model change: {@code agent} goes from {@code previous} to {@code version}. */
  public record Change(String agent, String version, String previous, boolean rollback) {
    public Steering.UseModel steering() {
      return new Steering.UseModel(agent, version);
    }
  }

  private final ModelRegistry registry;
  private final String agent;
  private final EnsembleSettings settings;
  private final Map<String, LearnedPolicy> loaded = new LinkedHashMap<>();
  private final long stepMs;
  private volatile String running;

  /** Loads {@code version} of {@code agent} as the node's starting policy. */
  public RegistryPolicies(ModelRegistry registry, String agent, String version, EnsembleSettings settings)
      throws IOException {
    this.registry = registry;
    this.agent = agent;
    this.settings = settings;
    LearnedPolicy first = LearnedPolicy.registered(registry.version(agent, version), settings);
    loaded.put(version, first);
    this.stepMs = first.stepMs();
    this.running = version;
  }

  public String agent() {
    return agent;
  }

  /** The version every asset runs (or will from the next step, after a change). */
  public String running() {
    return running;
  }

  /** The running version, loaded. */
  public synchronized LearnedPolicy runningPolicy() {
    return loaded.get(running);
  }

  /** What {@code GET /models} shows: the running version's cards. */
  public synchronized JsonNode cards() {
    return loaded.get(running).cards();
  }

  @Override
  public Supplier<Strategy> policy(String model, String version) {
    requireAgent(model);
    return load(version).strategies();
  }

  /** Checks that {@code version} can run here and loads it; nothing changes yet. */
  public Change preparePromote(String model, String version) {
    requireAgent(model);
    try {
      List<String> names = registry.versions(agent).stream().map(ModelRegistry.Version::name).toList();
      if (!names.contains(version)) {
        throw new NoSuchElementException("no version " + version + " of " + agent + " in " + registry.root()
            + "; it has " + names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    load(version);
    return new Change(agent, version, running, false);
  }

  /** The version a rollback would restore, checked and loaded; nothing changes yet. */
  public Change prepareRollback(String model) {
    requireAgent(model);
    ModelRegistry.Version target;
    try {
      target = registry.rollbackTarget(agent).orElseThrow(() -> new IllegalArgumentException(agent
          + " has no earlier promoted version to roll back to"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    load(target.name());
    return new Change(agent, target.name(), running, true);
  }

  /** Records an accepted change in the registry (pointer and audit trail). */
  public synchronized void commit(Change change, String reason) throws IOException {
    if (change.rollback()) {
      registry.rollback(agent, reason);
    } else {
      registry.promote(agent, change.version(), reason);
    }
    running = change.version();
  }

  private synchronized LearnedPolicy load(String version) {
    LearnedPolicy cached = loaded.get(version);
    if (cached != null) {
      return cached;
    }
    LearnedPolicy next;
    try {
      next = LearnedPolicy.registered(registry.version(agent, version), settings);
    } catch (IOException e) {
      throw new IllegalArgumentException(agent + " " + version + " cannot be loaded: " + e.getMessage(), e);
    }
    try {
      next.checkData().accept(stepMs);
      if (next.window() > AssetFeed.HISTORY) {
        throw new IllegalArgumentException(agent + " " + version + " needs " + next.window()
            + " feature rows; a node keeps " + AssetFeed.HISTORY);
      }
    } catch (IllegalArgumentException e) {
      next.close();
      throw e;
    }
    loaded.put(version, next);
    return next;
  }

  private void requireAgent(String model) {
    if (!model.equals(agent)) {
      throw new IllegalArgumentException("this node runs " + agent + " from the registry, not " + model);
    }
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(LearnedPolicy::close);
    loaded.clear();
  }
}
