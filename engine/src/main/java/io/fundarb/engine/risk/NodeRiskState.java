package io.fundarb.engine.risk;

/**
 * Node-wide conditions every asset's decision must respect.
 *
 * @param killed the manual kill switch is on: flatten everything
 * @param dailyLossHit the node's daily loss budget is spent: flatten, no entries until tomorrow
 * @param safeMode this asset's breaker is open (or half-open) or it was paused: reduce only
 */
public record NodeRiskState(boolean killed, boolean dailyLossHit, boolean safeMode) {
  public static final NodeRiskState NORMAL = new NodeRiskState(false, false, false);
}
