package io.fundarb.models.agents;

import ai.djl.MalformedModelException;
import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureSpec;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.models.ppo.ActorCritic;
import io.fundarb.models.ppo.DjlRuntime;
import io.fundarb.models.ppo.ObservationNormalizer;
import io.fundarb.models.ppo.PolicyHead;
import io.fundarb.models.ppo.TrainedPolicy;
import io.fundarb.engine.time.Times;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained agent loaded from {@code NAME.params} and its {@code NAME.json} card: the frozen
 * policy plus everything needed to feed it exactly what it was trained on. Inference is
 * serialised (one PyTorch thread); it is cheap next to a clock step.
 */
public final class AgentModel implements AutoCloseable {
  private final ModelCard card;
  private final TrainedPolicy policy;
  private final FeatureSpec spec;
  private final FeatureNormalization normalization;
  private final ActionSpace actions;

  private AgentModel(ModelCard card, TrainedPolicy policy) {
    this.card = card;
    this.policy = policy;
    ModelCard.Features f = card.features();
    List<Feature> features = f.names().stream().map(n -> Feature.valueOf(n.toUpperCase(java.util.Locale.ROOT))).toList();
    this.spec = new FeatureSpec(features, f.window(), f.stepMs(), f.stateFeatures());
    if (!spec.hash().equals(f.specHash())) {
      throw new IllegalArgumentException("model card's feature spec hash does not match its feature list: the card was"
          + " edited or was written by an incompatible version (spec version " + FeatureSpec.VERSION + ")");
    }
    this.normalization = new FeatureNormalization(features, f.mean(), f.std());
    this.actions = card.action().type().equals("discrete") ? new ActionSpace.Discrete(card.action().buckets())
        : new ActionSpace.Continuous(card.action().low(), card.action().high(), card.action().deadband());
  }

  /** Loads weights and card; a missing or malformed file is a clear {@link IOException}. */
  public static AgentModel load(Path params) throws IOException {
    Path cardFile = ModelCard.besides(params);
    if (!Files.isRegularFile(params) || !Files.isRegularFile(cardFile)) {
      throw new IOException("a model is two files: " + params + " and " + cardFile + "; missing "
          + (Files.isRegularFile(params) ? cardFile : params));
    }
    ModelCard card = ModelCard.read(cardFile);
    return new AgentModel(card, policy(params, card));
  }

  /** The frozen network {@code card} describes, with the weights in {@code params}. */
  public static TrainedPolicy policy(Path params, ModelCard card) throws IOException {
    DjlRuntime.start(card.seed());
    ModelCard.Network n = card.network();
    PolicyHead head = n.head().equals("categorical") ? new PolicyHead.Categorical(n.outputs())
        : new PolicyHead.Gaussian(n.outputs(), n.low(), n.high());
    ActorCritic model = new ActorCritic(n.input(), n.hidden(), head, 0f);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
      model.load(in);
    } catch (MalformedModelException e) {
      model.close();
      throw new IOException(params + " does not hold the weights its card describes: " + e.getMessage(), e);
    }
    ModelCard.Normalizer o = card.observationNormalizer();
    ObservationNormalizer normalizer = new ObservationNormalizer(o.mean(), o.variance(), o.count());
    return new TrainedPolicy(model, normalizer, o.enabled());
  }

  /** Writes {@code params} (DJL parameter encoding) and the card beside it. */
  public static void save(Path params, ModelCard card, ActorCritic model) throws IOException {
    Files.createDirectories(params.toAbsolutePath().getParent());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(params)))) {
      model.save(out);
    }
    card.write(ModelCard.besides(params));
  }

  /**
   * Refuses data the model was not trained for; today that means a different bar interval,
   * since the window and every lookback count steps.
   */
  public void checkData(long stepMs) {
    if (stepMs != spec.stepMs()) {
      throw new IllegalArgumentException("model " + card.agent() + " was trained on " + Times.formatInterval(spec.stepMs())
          + " bars (feature spec " + spec.hash().substring(0, 12) + "), the data has " + Times.formatInterval(stepMs)
          + " bars; pass --interval " + Times.formatInterval(spec.stepMs()) + " or retrain on this interval");
    }
  }

  /** A fresh per-asset strategy that runs this policy. */
  public Strategy newStrategy() {
    return new ModelStrategy(this);
  }

  synchronized float[] act(float[] observation) {
    return policy.act(observation);
  }

  public ModelCard card() {
    return card;
  }

  public FeatureSpec spec() {
    return spec;
  }

  FeatureNormalization normalization() {
    return normalization;
  }

  ActionSpace actions() {
    return actions;
  }

  @Override
  public void close() {
    policy.close();
  }
}
