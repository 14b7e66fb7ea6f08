package io.fundarb.engine.features;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketObserver;

/**
 * Feeds one {@link FeatureBuilder} per asset of a universe from market events as they are applied
 * to a {@link MarketState}; {@link #endStep} closes every asset's row for the step.
 */
public final class FeatureTracker implements MarketObserver {
  private final MarketState market;
  private final FeatureBuilder[] builders;

  public FeatureTracker(Universe universe, MarketState market, long stepMs, long fundingIntervalMs, int history) {
    this.market = market;
    this.builders = new FeatureBuilder[universe.assetCount()];
    for (int a = 0; a < builders.length; a++) {
      builders[a] = new FeatureBuilder(stepMs, fundingIntervalMs, history);
    }
  }

  @Override
  public void onBar(int instrument, long time) {
    FeatureBuilder b = builders[Universe.assetOf(instrument)];
    if (Universe.isPerp(instrument)) {
      b.onPerpBar(market.high(instrument), market.low(instrument), market.close(instrument), market.quoteVolume(instrument));
    } else {
      b.onSpotBar(market.high(instrument), market.low(instrument), market.close(instrument), market.quoteVolume(instrument),
          market.trades(instrument));
    }
  }

  @Override
  public void onFunding(int perp, long time, long rate) {
    builders[Universe.assetOf(perp)].onFunding(rate);
  }

  @Override
  public void onSentiment(long time, int value) {
    for (FeatureBuilder b : builders) {
      b.onSentiment(value);
    }
  }

  public void endStep(long time) {
    for (FeatureBuilder b : builders) {
      b.endStep(time);
    }
  }

  public FeatureBuilder builder(int asset) {
    return builders[asset];
  }
}
