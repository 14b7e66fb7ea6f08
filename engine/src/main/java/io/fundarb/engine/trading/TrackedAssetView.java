package io.fundarb.engine.trading;

import io.fundarb.engine.features.FeatureHistory;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.FundingHistory;

/**
 * An {@link AssetView} rebuilt from a stream of {@link AssetTick}s, for a strategy that runs
 * away from the account (in its own actor, possibly on another node). Fed the ticks of one
 * replay it answers exactly what the in-place view of the backtester answers.
 */
public final class TrackedAssetView implements AssetView {
  private final AssetId asset;
  private final FundingHistory funding = new FundingHistory();
  private AssetTick tick;

  public TrackedAssetView(AssetId asset) {
    this.asset = asset;
  }

  /** Absorbs the next tick: its funding settlements join the history. */
  public void update(AssetTick next) {
    if (!next.asset().equals(asset)) {
      throw new IllegalArgumentException("tick for " + next.asset() + " sent to the view of " + asset);
    }
    for (long rate : next.fundingSettled()) {
      funding.add(rate);
    }
    tick = next;
  }

  public boolean ready() {
    return tick != null;
  }

  public AssetTick lastTick() {
    return tick;
  }

  @Override
  public AssetId asset() {
    return asset;
  }

  @Override
  public long time() {
    return tick.time();
  }

  @Override
  public long spotPrice() {
    return tick.spotPrice();
  }

  @Override
  public long perpPrice() {
    return tick.perpPrice();
  }

  @Override
  public int fundingSettlements() {
    return funding.count();
  }

  @Override
  public double lastFundingRate() {
    return funding.last();
  }

  @Override
  public double fundingAverage(int settlements) {
    return funding.average(settlements);
  }

  @Override
  public int sentiment() {
    return tick.sentiment();
  }

  @Override
  public double hedgeRatio() {
    return tick.hedgeRatio();
  }

  @Override
  public double exposureRatio() {
    return tick.exposureRatio();
  }

  @Override
  public double marginRatio() {
    return tick.marginRatio();
  }

  @Override
  public FeatureHistory features() {
    throw new IllegalStateException(
        "strategies that read feature windows run in-process (backtest); the actor node serves baseline strategies");
  }

  @Override
  public double roundTripCost() {
    return tick.roundTripCost();
  }
}
