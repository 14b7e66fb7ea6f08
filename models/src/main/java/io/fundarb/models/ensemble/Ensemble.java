package io.fundarb.models.ensemble;

import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.risk.RiskProjection;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The four frozen agents and the risk budget, as strategies: the meta-controlled ensemble, the
 * equal-weight ensemble, or one agent alone. Each {@code Supplier} call is one asset of one run;
 * the assets of a run share their portfolio book, so ask for a fresh supplier per run.
 *
 * <p>On disk an ensemble is a directory: {@code long_term.params}, {@code short_term.params},
 * {@code sentiment.params}, {@code anomaly.params} (each with its card) and {@code meta.params}.
 */
public final class Ensemble implements AutoCloseable {
  public static final String META_FILE = "meta.params";

  private final Map<AgentKind, AgentModel> agents;
  private final RiskProjection projection;

  public Ensemble(Map<AgentKind, AgentModel> agents, RiskProjection projection) {
    if (agents.size() != AgentKind.values().length) {
      throw new IllegalArgumentException("an ensemble needs all four agents, got " + agents.keySet());
    }
    this.agents = new EnumMap<>(agents);
    this.projection = projection;
  }

  /** Loads the four agents from {@code dir}; the caller loads the meta controller it wants. */
  public static Ensemble load(Path dir, RiskProjection projection) throws IOException {
    Map<AgentKind, AgentModel> agents = new EnumMap<>(AgentKind.class);
    try {
      for (AgentKind kind : AgentKind.values()) {
        Path params = agentFile(dir, kind);
        if (!Files.isRegularFile(params)) {
          throw new IOException("ensemble directory " + dir + " has no " + params.getFileName()
              + ": train it with fundarb train ensemble");
        }
        agents.put(kind, AgentModel.load(params));
      }
    } catch (IOException | RuntimeException e) {
      agents.values().forEach(AgentModel::close);
      throw e;
    }
    return new Ensemble(agents, projection);
  }

  public static Path agentFile(Path dir, AgentKind kind) {
    return dir.resolve(kind.key() + ".params");
  }

  /** The meta-controlled ensemble (or, with a null meta, the equal-weight one). */
  public Supplier<Strategy> policy(MetaModel meta) {
    return policy(meta, DecisionListener.NONE);
  }

  /** As {@link #policy(MetaModel)}, telling {@code listener} of every decision. */
  public Supplier<Strategy> policy(MetaModel meta, DecisionListener listener) {
    PortfolioBook book = new PortfolioBook();
    Set<AgentKind> without = meta == null ? Set.of() : meta.without();
    ActionSpace actions = meta != null ? meta.actions() : new ActionSpace.Continuous(-1, 1);
    return () -> new EnsembleStrategy(decider(book, without, actions, listener), meta);
  }

  /** One agent alone, as it was trained (no meta controller, no projection). */
  public Supplier<Strategy> alone(AgentKind kind) {
    return agents.get(kind)::newStrategy;
  }

  EnsembleDecider decider(PortfolioBook book, Set<AgentKind> without, ActionSpace actions, DecisionListener listener) {
    Strategy[] members = new io.fundarb.engine.strategy.Strategy[AgentKind.values().length];
    for (AgentKind kind : AgentKind.values()) {
      members[kind.ordinal()] = without.contains(kind) ? null : agents.get(kind).newStrategy();
    }
    return new EnsembleDecider(members, window(), actions, projection, book, listener);
  }

  /** Feature rows the slowest agent needs before it acts. */
  public int window() {
    return agents.values().stream().mapToInt(a -> a.spec().window()).max().orElse(1);
  }

  /** Refuses data with another bar interval than the agents were trained on. */
  public void checkData(long stepMs) {
    agents.values().forEach(a -> a.checkData(stepMs));
  }

  public AgentModel agent(AgentKind kind) {
    return agents.get(kind);
  }

  @Override
  public void close() {
    agents.values().forEach(AgentModel::close);
  }
}
