package io.fundarb.engine.trading;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.features.FeatureHistory;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.FundingHistory;
import io.fundarb.engine.time.Clock;

/** The live {@link AssetView} of one asset: reads shared state in place, allocates nothing. */
final class AssetContext implements AssetView {
  /** Margin ratios beyond this (deep under water) are reported as this, keeping features bounded. */
  static final double MAX_MARGIN_RATIO = 10;

  private final AssetId asset;
  private final int assetIndex;
  private final int spot;
  private final int perp;
  private final MarketState market;
  private final Ledger ledger;
  private final Clock clock;
  private final long maxNotional;
  private final double roundTripCost;
  private final FundingHistory funding = new FundingHistory();
  private FeatureHistory features;

  AssetContext(int assetIndex, Universe universe, MarketState market, Ledger ledger, Clock clock,
      long maxNotional, double roundTripCost) {
    this.asset = universe.pair(assetIndex).asset();
    this.assetIndex = assetIndex;
    this.spot = Universe.spotIndex(assetIndex);
    this.perp = Universe.perpIndex(assetIndex);
    this.market = market;
    this.ledger = ledger;
    this.clock = clock;
    this.maxNotional = maxNotional;
    this.roundTripCost = roundTripCost;
  }

  FundingHistory fundingHistory() {
    return funding;
  }

  void attachFeatures(FeatureHistory history) {
    features = history;
  }

  @Override
  public AssetId asset() {
    return asset;
  }

  @Override
  public long time() {
    return clock.now();
  }

  @Override
  public long spotPrice() {
    return market.lastPrice(spot);
  }

  @Override
  public long perpPrice() {
    return market.lastPrice(perp);
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
    return market.hasSentiment() ? market.sentiment() : -1;
  }

  @Override
  public double hedgeRatio() {
    return Fixed.toDouble(ledger.positionValue(spot, spotPrice())) / Fixed.toDouble(maxNotional);
  }

  @Override
  public double exposureRatio() {
    double gross = Math.abs(Fixed.toDouble(ledger.positionValue(spot, market.markPrice(spot))))
        + Math.abs(Fixed.toDouble(ledger.positionValue(perp, market.markPrice(perp))));
    return gross / (2 * Fixed.toDouble(maxNotional));
  }

  @Override
  public double marginRatio() {
    if (ledger.quantity(perp) == 0) {
      return 0;
    }
    long mark = market.markPrice(perp);
    double balance = Fixed.toDouble(ledger.marginBalance(perp, mark));
    double maintenance = Fixed.toDouble(ledger.maintenanceMargin(perp, mark));
    return balance > 0 ? Math.min(maintenance / balance, MAX_MARGIN_RATIO) : MAX_MARGIN_RATIO;
  }

  @Override
  public FeatureHistory features() {
    if (features == null) {
      throw new IllegalStateException("features are off: the strategy must return true from usesFeatures()");
    }
    return features;
  }

  @Override
  public double roundTripCost() {
    return roundTripCost;
  }

  @Override
  public long assetPnl() {
    return ledger.assetPnl(assetIndex, market);
  }

  @Override
  public long maxNotional() {
    return maxNotional;
  }
}
