package io.fundarb.actors.asset;

import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.strategy.Strategy;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How every asset hierarchy on a node is built.
 *
 * @param strategy a fresh strategy instance (one per asset, and a new one after each restart)
 * @param maxStaleMs market data older than this at decision time is not traded on
 * @param minBackoff first restart delay of a failed strategy; doubles up to {@code maxBackoff}
 */
public record AssetSettings(
    Supplier<Strategy> strategy,
    RiskLimits limits,
    CircuitBreaker.Settings breaker,
    long maxStaleMs,
    Duration minBackoff,
    Duration maxBackoff) {
}
