package io.fundarb.engine.strategy;

import io.fundarb.engine.instrument.AssetId;

/**
 * What a strategy may look at for its asset at the current step. Prices are exact
 * ({@link io.fundarb.engine.money.Fixed}); the derived statistics are doubles, which is fine for
 * decisions.
 */
public interface AssetView {
  AssetId asset();

  /** Current clock time, epoch ms. */
  long time();

  /** Last spot price (Fixed). */
  long spotPrice();

  /** Last perp price (Fixed). */
  long perpPrice();

  /** perp / spot - 1 (0 before the first spot price). */
  default double basis() {
    long s = spotPrice();
    return s == 0 ? 0 : (double) perpPrice() / s - 1;
  }

  /** Funding settlements seen so far. */
  int fundingSettlements();

  /** Last settled funding rate per interval (a fraction), 0 before the first settlement. */
  double lastFundingRate();

  /** Mean of the last {@code settlements} settled rates (fewer if fewer were seen; 0 if none). */
  double fundingAverage(int settlements);

  /** Latest Fear &amp; Greed value known at this time, or -1. */
  int sentiment();

  /** Current position as a signed fraction of the asset's max notional (+ = long spot). */
  double hedgeRatio();

  /** Both legs' gross value over twice the max notional: 1 when fully hedged at full size. */
  double exposureRatio();

  /** The perp's maintenance margin over its margin balance: 1 means liquidation (0 when flat). */
  double marginRatio();

  /**
   * The asset's recent feature rows, for strategies whose {@link Strategy#usesFeatures()} is
   * true; others get an {@link IllegalStateException}.
   */
  io.fundarb.engine.features.FeatureHistory features();

  /** Cost of entering and later leaving a full hedged position, as a fraction of its notional. */
  double roundTripCost();

  /** Lifetime P&L of the asset's two legs (Fixed): realised, unrealised, funding, less fees and interest. */
  long assetPnl();

  /** The notional a hedge ratio of 1 stands for (Fixed). */
  long maxNotional();
}
