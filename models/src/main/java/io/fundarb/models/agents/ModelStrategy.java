package io.fundarb.models.agents;

import io.fundarb.engine.env.CarryEnv;
import io.fundarb.engine.features.FeatureHistory;
import io.fundarb.engine.features.FeatureSpec;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;

/**
 * A trained agent acting as an ordinary {@link Strategy}, so backtests, paper and live trading
 * run it through the same pipeline as the baselines. It builds exactly the observation the
 * environment built in training: the last window of feature rows scaled with the training
 * statistics, then the state features written by the same code. It stays flat until a full
 * window of warmed-up rows exists.
 */
final class ModelStrategy implements Strategy {
  private final AgentModel model;
  private final FeatureSpec spec;
  private final float[] observation;
  private double agentTarget;

  ModelStrategy(AgentModel model) {
    this.model = model;
    this.spec = model.spec();
    this.observation = new float[spec.observationSize()];
  }

  @Override
  public boolean usesFeatures() {
    return true;
  }

  @Override
  public double target(AssetView view) {
    FeatureHistory history = view.features();
    if (history.readyRows() < spec.window()) {
      return 0;
    }
    int k = spec.features().size();
    for (int back = spec.window() - 1; back >= 0; back--) {
      model.normalization().apply(history.row(back), 0, observation, (spec.window() - 1 - back) * k);
    }
    CarryEnv.writeState(view, observation, spec.window() * k);
    agentTarget = model.actions().target(model.act(observation)[0], agentTarget);
    return agentTarget * model.card().targetScale();
  }

  /** The observation built at the last decision, for tests that compare it with the environment's. */
  float[] lastObservation() {
    return observation.clone();
  }
}
