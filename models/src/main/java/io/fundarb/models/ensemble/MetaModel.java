package io.fundarb.models.ensemble;

import io.fundarb.engine.env.ActionSpace;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.ppo.TrainedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The trained meta controller: its frozen policy over {@link MetaInputs}, the action space its
 * card names, and the agents it was trained without (an ablation variant keeps them out at run
 * time too). Saved like an agent: {@code meta.params} with a {@code meta.json} card whose
 * feature list is the meta inputs.
 */
public final class MetaModel implements AutoCloseable {
  static final String AGENT = "meta";
  static final String INPUTS_SPEC = "meta-inputs/1";

  private final ModelCard card;
  private final TrainedPolicy policy;
  private final ActionSpace actions;
  private final Set<AgentKind> without;

  MetaModel(ModelCard card, TrainedPolicy policy) {
    if (!AGENT.equals(card.agent()) || !INPUTS_SPEC.equals(card.features().specHash())
        || !MetaInputs.names().equals(card.features().names())) {
      throw new IllegalArgumentException("not a meta controller of this version: agent " + card.agent() + ", inputs "
          + card.features().specHash());
    }
    this.card = card;
    this.policy = policy;
    this.actions = new ActionSpace.Continuous(card.action().low(), card.action().high(), card.action().deadband());
    this.without = without(card);
  }

  public static MetaModel load(Path params) throws IOException {
    Path cardFile = ModelCard.besides(params);
    if (!Files.isRegularFile(params) || !Files.isRegularFile(cardFile)) {
      throw new IOException("a meta controller is two files: " + params + " and " + cardFile);
    }
    ModelCard card = ModelCard.read(cardFile);
    return new MetaModel(card, AgentModel.policy(params, card));
  }

  @SuppressWarnings("unchecked")
  private static Set<AgentKind> without(ModelCard card) {
    Object listed = card.hyperparameters().getOrDefault("without", List.of());
    EnumSet<AgentKind> out = EnumSet.noneOf(AgentKind.class);
    for (Object key : (List<Object>) listed) {
      out.add(AgentKind.of(key.toString()));
    }
    return out;
  }

  synchronized float act(float[] observation) {
    return policy.act(observation)[0];
  }

  ActionSpace actions() {
    return actions;
  }

  /** Agents this controller was trained without. */
  public Set<AgentKind> without() {
    return without.isEmpty() ? Set.of() : EnumSet.copyOf(without);
  }

  public ModelCard card() {
    return card;
  }

  @Override
  public void close() {
    policy.close();
  }
}
