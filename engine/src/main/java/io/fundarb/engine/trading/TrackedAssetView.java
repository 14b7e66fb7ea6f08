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
  private final ShippedFeatures features;
  private AssetTick tick;

  /** A view without feature rows (baseline strategies). */
  public TrackedAssetView(AssetId asset) {
    this(asset, 0);
  }

  /** A view that keeps the last {@code featureRows} shipped feature rows (0 = none). */
  public TrackedAssetView(AssetId asset, int featureRows) {
    this.asset = asset;
    this.features = featureRows == 0 ? null : new ShippedFeatures(featureRows);
  }

  /** Absorbs the next tick: its funding settlements join the history. */
  public void update(AssetTick next) {
    if (!next.asset().equals(asset)) {
      throw new IllegalArgumentException("tick for " + next.asset() + " sent to the view of " + asset);
    }
    for (long rate : next.fundingSettled()) {
      funding.add(rate);
    }
    if (features != null && next.features() != null) {
      features.add(next.features());
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
    if (features == null || features.steps() == 0 && tick != null && tick.features() == null) {
      throw new IllegalStateException("this node does not ship feature rows: run the policy as a model"
          + " (fundarb paper --model) so that the account tracks features");
    }
    return features;
  }

  @Override
  public double roundTripCost() {
    return tick.roundTripCost();
  }

  @Override
  public long assetPnl() {
    return tick.assetPnl();
  }

  @Override
  public long maxNotional() {
    return tick.maxNotional();
  }

  /** The last shipped rows in a ring; a tick that closed no new row adds nothing. */
  private static final class ShippedFeatures implements FeatureHistory {
    private final float[][] rows;
    private int steps;
    private boolean ready;
    private int readyRows;

    ShippedFeatures(int capacity) {
      rows = new float[capacity][];
    }

    void add(FeatureRow row) {
      if (row.steps() > steps) {
        steps = row.steps();
        rows[(steps - 1) % rows.length] = row.values();
        ready = row.ready();
        readyRows = ready ? readyRows + 1 : 0;
      }
    }

    @Override
    public int steps() {
      return steps;
    }

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public int readyRows() {
      return readyRows;
    }

    @Override
    public float[] row(int back) {
      if (back < 0 || back >= Math.min(steps, rows.length)) {
        throw new IndexOutOfBoundsException("row " + back + " of " + Math.min(steps, rows.length) + " kept");
      }
      return rows[(steps - 1 - back) % rows.length];
    }
  }
}
