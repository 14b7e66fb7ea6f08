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
 * @param modelPolicy the policy is a trained model: it reads feature rows (the account ships them
 *     with every tick) and runs inference on the dedicated {@value #MODEL_DISPATCHER}, never on the
 *     default dispatcher the node's other actors share
 * @param policyName what {@code strategy} is, for status views (a strategy name or "model version")
 * @param policies where model versions swapped in at run time come from
 */
public record AssetSettings(
    Supplier<Strategy> strategy,
    RiskLimits limits,
    CircuitBreaker.Settings breaker,
    long maxStaleMs,
    Duration minBackoff,
    Duration maxBackoff,
    boolean modelPolicy,
    String policyName,
    PolicyLibrary policies) {
  public static final String MODEL_DISPATCHER = "fundarb.model-dispatcher";

  /** A node whose policy cannot be swapped while it runs. */
  public AssetSettings(Supplier<Strategy> strategy, RiskLimits limits, CircuitBreaker.Settings breaker,
      long maxStaleMs, Duration minBackoff, Duration maxBackoff, boolean modelPolicy) {
    this(strategy, limits, breaker, maxStaleMs, minBackoff, maxBackoff, modelPolicy, "strategy", PolicyLibrary.NONE);
  }

  /** The same assets, running {@code name} at start and able to swap in versions from {@code library}. */
  public AssetSettings withPolicies(String name, PolicyLibrary library) {
    return new AssetSettings(strategy, limits, breaker, maxStaleMs, minBackoff, maxBackoff, modelPolicy, name, library);
  }
}
