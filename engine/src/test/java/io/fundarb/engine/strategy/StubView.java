package io.fundarb.engine.strategy;

import io.fundarb.engine.instrument.AssetId;

/** A hand-set {@link AssetView}: tests change the funding history and costs directly. */
public final class StubView implements AssetView {
  final FundingHistory funding = new FundingHistory();
  public double roundTripCost = 0.003;

  public StubView settle(String... rates) {
    for (String r : rates) {
      funding.add(io.fundarb.engine.money.Rate.parse(r));
    }
    return this;
  }

  @Override
  public AssetId asset() {
    return new AssetId("BINANCE", "BTCUSDT");
  }

  @Override
  public long time() {
    return 0;
  }

  @Override
  public long spotPrice() {
    return 0;
  }

  @Override
  public long perpPrice() {
    return 0;
  }

  @Override
  public double basis() {
    return 0;
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
    return -1;
  }

  @Override
  public double hedgeRatio() {
    return 0;
  }

  @Override
  public double exposureRatio() {
    return 0;
  }

  @Override
  public double marginRatio() {
    return 0;
  }

  @Override
  public io.fundarb.engine.features.FeatureHistory features() {
    throw new IllegalStateException("no features in this stub");
  }

  @Override
  public double roundTripCost() {
    return roundTripCost;
  }

  @Override
  public long assetPnl() {
    return 0;
  }

  @Override
  public long maxNotional() {
    return 0;
  }
}
