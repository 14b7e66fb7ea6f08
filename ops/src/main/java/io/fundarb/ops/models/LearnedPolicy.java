package io.fundarb.ops.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.MetaModel;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.ensemble.EnsembleManifest;
import io.fundarb.ops.ensemble.EnsembleSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A trained policy loaded for a node: a single agent's model or an ensemble (its agents and meta
 * controller). Holds the loaded networks open until closed.
 *
 * @param name how runs and status views call it
 * @param strategies a fresh per-asset strategy running it
 * @param window feature rows it needs before it acts
 * @param stepMs the bar interval it was trained on
 * @param checkData refuses data of another bar interval
 * @param cards what {@code GET /models} shows of it: its model cards without weights
 */
public record LearnedPolicy(String name, Supplier<Strategy> strategies, int window, long stepMs,
    LongConsumer checkData, ArrayNode cards, List<AutoCloseable> resources) implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A model written by {@code fundarb train} ({@code <agent>.params} with its card beside it). */
  public static LearnedPolicy model(Path params) throws IOException {
    AgentModel agent = AgentModel.load(params);
    return new LearnedPolicy(agent.card().agent() + "(model)", agent::newStrategy, agent.spec().window(),
        agent.spec().stepMs(), agent::checkData, JSON.createArrayNode().add(cardJson(agent.card())), List.of(agent));
  }

  /** An ensemble written by {@code fundarb train ensemble}, with the configured risk projection. */
  public static LearnedPolicy ensemble(Path dir, EnsembleSettings settings) throws IOException {
    Ensemble ensemble = Ensemble.load(dir, settings.projection());
    MetaModel meta;
    try {
      meta = MetaModel.load(dir.resolve(Ensemble.META_FILE));
    } catch (IOException | RuntimeException e) {
      ensemble.close();
      throw e;
    }
    ArrayNode cards = JSON.createArrayNode();
    for (AgentKind kind : AgentKind.values()) {
      cards.add(cardJson(ensemble.agent(kind).card()));
    }
    cards.add(cardJson(meta.card()));
    return new LearnedPolicy("ensemble", ensemble.policy(meta), ensemble.window(),
        ensemble.agent(AgentKind.LONG_TERM).spec().stepMs(), ensemble::checkData, cards, List.of(meta, ensemble));
  }

  /** A registered version: an ensemble bundle or a single agent's model. */
  public static LearnedPolicy registered(ModelRegistry.Version version, EnsembleSettings settings) throws IOException {
    LearnedPolicy loaded = version.agent().equals(EnsembleManifest.AGENT) ? ensemble(version.dir(), settings)
        : model(version.params());
    loaded.cards().forEach(card -> ((ObjectNode) card).put("registryVersion", version.name()));
    return loaded;
  }

  /** A model card without weights or statistics. */
  private static JsonNode cardJson(ModelCard card) {
    ObjectNode json = JSON.createObjectNode().put("agent", card.agent()).put("format", card.format())
        .put("created", card.created()).put("featureSpec", card.features().specHash()).put("seed", card.seed());
    json.set("training", JSON.valueToTree(card.training()));
    json.set("metrics", JSON.valueToTree(card.metrics()));
    return json;
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot release " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
