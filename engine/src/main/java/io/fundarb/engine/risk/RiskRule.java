package io.fundarb.engine.risk;

/** The hard limits, named the way logs, metrics and alerts report them. */
public enum RiskRule {
  /** |target| above the per-asset position cap. */
  POSITION_LIMIT,
  /** All assets' targets together above the portfolio notional cap. */
  PORTFOLIO_NOTIONAL,
  /** The node lost its daily budget: every asset flattens, no entries until the next UTC day. */
  DAILY_LOSS,
  /** The open round trip lost more than its stop: exit, then sit out the cool-down. */
  STOP_LOSS,
  /** Too many losing round trips in a row: no new entries until a manual resume. */
  LOSING_STREAK,
  /** Spot moved more than the limit within the window: no new entries while it lasts. */
  SHARP_MOVE,
  /** Maintenance over margin balance above the threshold: reduce the position. */
  MARGIN,
  /** Exposure above what the volatility-dependent leverage cap allows. */
  LEVERAGE_CAP,
  /** The asset's breaker is open or it was paused: hold or reduce only. */
  SAFE_MODE,
  /** Manual kill switch: flatten. */
  KILL_SWITCH,
  /** Unusable market data (stale, NaN, non-positive): hold, never trade on it. */
  BAD_DATA,
  /** Funding settles against the position's direction beyond the limit: carry has turned into a cost, exit. */
  ADVERSE_FUNDING
}
