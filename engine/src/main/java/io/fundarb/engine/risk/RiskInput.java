package io.fundarb.engine.risk;

/**
 * One asset's facts at a decision.
 *
 * @param proposed the strategy's target hedge ratio
 * @param current the position's hedge ratio now
 * @param flat both legs are flat
 * @param spotPrice last spot price (Fixed), for the sharp-move and volatility trackers
 * @param marginRatio perp maintenance margin over margin balance (0 when flat)
 * @param assetPnl lifetime P&amp;L of the asset's legs (Fixed)
 * @param maxNotional the asset's max notional (Fixed)
 */
public record RiskInput(
    long time,
    double proposed,
    double current,
    boolean flat,
    long spotPrice,
    double marginRatio,
    long assetPnl,
    long maxNotional) {
}
