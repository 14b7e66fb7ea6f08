package io.fundarb.engine.trading;

import io.fundarb.engine.instrument.AssetId;

/**
 * What one asset's decision chain learns at the end of a clock step: the step's market facts
 * and the account's view of the asset. It is the message boundary between the account (venue,
 * books, replay clock) and the per-asset actors, so it carries values, never live state.
 *
 * @param step the step's sequence number on the node (replies carry it back)
 * @param spotPrice last spot price (Fixed)
 * @param perpPrice last perp price (Fixed)
 * @param fundingSettled funding rates (Rate) settled during this step, oldest first
 * @param sentiment Fear &amp; Greed known at this time, or -1
 * @param hedgeRatio signed position as a fraction of max notional (+ = long spot)
 * @param assetPnl lifetime P&amp;L of the asset's legs (Fixed)
 * @param maxNotional the asset's max notional (Fixed)
 * @param dataTime time of the newest market event behind the prices (staleness)
 * @param features the asset's last feature row, or null when the node does not track features
 */
public record AssetTick(
    long step,
    AssetId asset,
    long time,
    long spotPrice,
    long perpPrice,
    long[] fundingSettled,
    int sentiment,
    double hedgeRatio,
    double exposureRatio,
    double marginRatio,
    long assetPnl,
    long maxNotional,
    double roundTripCost,
    long dataTime,
    FeatureRow features) {

  /** Whether both prices are usable (a venue never quotes zero or less). */
  public boolean pricesValid() {
    return spotPrice > 0 && perpPrice > 0;
  }

  public long ageMs() {
    return time - dataTime;
  }
}
