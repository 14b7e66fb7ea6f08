package io.fundarb.models.allocator;

import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.AllocationState;
import io.fundarb.engine.multivenue.AllocatorAction;
import io.fundarb.engine.multivenue.AllocatorInputs;
import io.fundarb.engine.multivenue.Opportunity;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.ppo.TrainedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained allocator: its frozen policy and the opportunities it was trained on, in order. As a
 * {@link AllocationPolicy} it decides every {@code decideEvery} steps and holds in between, as in
 * training: it observes the portfolio through {@link AllocatorInputs} and maps its deterministic
 * action (the Gaussian mean) to shares with {@link AllocatorAction}. Saved as {@code allocator.params} with an {@code allocator.json} card.
 */
public final class AllocatorModel implements AllocationPolicy, AutoCloseable {
  static final String AGENT = "allocator";
  public static final String FILE = "allocator.params";

  private final ModelCard card;
  private final TrainedPolicy policy;
  private final List<String> opportunities;
  private final int decideEvery;
  private float[] observation;
  private long steps;
  private final double maxPerOpportunity; // the card's target scale: what an output of 1 stands for

  private AllocatorModel(ModelCard card, TrainedPolicy policy) {
    if (!AGENT.equals(card.agent()) || !AllocatorInputs.SPEC.equals(card.features().specHash())) {
      throw new IllegalArgumentException("not an allocator of this version: agent " + card.agent() + ", inputs "
          + card.features().specHash());
    }
    this.card = card;
    this.policy = policy;
    @SuppressWarnings("unchecked")
    List<String> listed = (List<String>) card.hyperparameters().get("opportunities");
    this.opportunities = List.copyOf(listed);
    this.maxPerOpportunity = card.targetScale();
    this.decideEvery = ((Number) card.hyperparameters().get("decideEvery")).intValue();
  }

  /** Loads {@code dir/allocator.params} (or the file itself) and its card; missing files are one clear error. */
  public static AllocatorModel load(Path dirOrParams) throws IOException {
    Path params = Files.isDirectory(dirOrParams) ? dirOrParams.resolve(FILE) : dirOrParams;
    Path cardFile = ModelCard.besides(params);
    if (!Files.isRegularFile(params) || !Files.isRegularFile(cardFile)) {
      throw new IOException("an allocator is two files: " + params + " and " + cardFile
          + " (train one with: fundarb train allocator --config conf/train.conf)");
    }
    ModelCard card = ModelCard.read(cardFile);
    return new AllocatorModel(card, AgentModel.policy(params, card));
  }

  /** Refuses a portfolio whose opportunities are not the ones the model was trained on, in the same order. */
  public void check(List<Opportunity> offered) {
    List<String> labels = offered.stream().map(Opportunity::label).toList();
    if (!labels.equals(opportunities)) {
      throw new IllegalArgumentException("the allocator was trained on the opportunities " + opportunities
          + " but this portfolio offers " + labels + "; train it on these venues and symbols");
    }
  }

  @Override
  public String name() {
    return "allocator";
  }

  @Override
  public void allocate(AllocationState state, double[] weights) {
    if (observation == null) {
      check(state.opportunities());
      observation = new float[AllocatorInputs.size(weights.length)];
    }
    if (steps++ % decideEvery != 0) {
      AllocatorAction.hold(state, weights); // between decisions, as in training
      return;
    }
    AllocatorInputs.observe(state, observation, 0);
    AllocatorAction.toWeights(policy.act(observation), 0, maxPerOpportunity, card.action().deadband(), state, weights);
  }

  public ModelCard card() {
    return card;
  }

  @Override
  public void close() {
    policy.close();
  }
}
