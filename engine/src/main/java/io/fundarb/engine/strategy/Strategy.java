package io.fundarb.engine.strategy;

/**
 * A carry policy for one asset: once per clock step, after that step's market events, it says
 * how much carry to hold. Everything else (sizing to lots, both legs, margin, risk limits,
 * orders) is the engine's job, so a strategy is usually one small class. One instance serves one
 * asset, so it may keep state (hysteresis, counters) in fields.
 *
 * <p>Strategies see only the past: the engine publishes a bar when it closes, a funding rate when
 * it settles and a daily sentiment value when its day has ended.
 */
@FunctionalInterface
public interface Strategy {
  /**
   * Target hedge ratio in [-1, 1]: +1 holds long spot and short perp at the asset's full notional,
   * -1 the reverse carry, 0 nothing. Values outside the range are clamped and NaN keeps the
   * current target; both are counted.
   */
  double target(AssetView view);

  /**
   * Whether this strategy reads {@link AssetView#features()}; feature rows are only computed
   * when some strategy asks for them.
   */
  default boolean usesFeatures() {
    return false;
  }
}
