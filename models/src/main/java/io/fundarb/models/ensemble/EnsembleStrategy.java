package io.fundarb.models.ensemble;

import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;

/** The ensemble on one asset as an ordinary {@link Strategy}: agents propose, the meta controller sizes, the projection clamps. */
final class EnsembleStrategy implements Strategy {
  private final EnsembleDecider decider;
  private final MetaModel meta;

  EnsembleStrategy(EnsembleDecider decider, MetaModel meta) {
    this.decider = decider;
    this.meta = meta;
  }

  @Override
  public boolean usesFeatures() {
    return true;
  }

  @Override
  public double target(AssetView view) {
    float[] observation = decider.observe(view);
    return meta == null ? decider.equalWeight(view) : decider.decide(meta.act(observation), view);
  }
}
