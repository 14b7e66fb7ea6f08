package io.fundarb.actors.asset;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.FeatureBuilder;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.trading.AssetBooks;
import io.fundarb.engine.trading.AssetFeed;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How every asset hierarchy on a node is built.
 *
 * @param strategy a fresh strategy instance (one per asset, and a new one after each restart)
 * @param maxStaleMs market data older than this at decision time is not traded on
 * @param minBackoff first restart delay of a failed strategy; doubles up to {@code maxBackoff}
 * @param modelPolicy the policy is a trained model: it reads feature rows (the feed ships them with
 *     every tick) and runs inference on the dedicated {@value #MODEL_DISPATCHER}, never on the
 *     default dispatcher the node's other actors share
 * @param policyName what {@code strategy} is, for status views (a strategy name or "model version")
 * @param policies where model versions swapped in at run time come from
 * @param trading the account the assets trade in (instruments, sizing, planner)
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
    PolicyLibrary policies,
    Trading trading) {
  public static final String MODEL_DISPATCHER = "fundarb.model-dispatcher";

  /** A node whose policy cannot be swapped while it runs. */
  public AssetSettings(Supplier<Strategy> strategy, RiskLimits limits, CircuitBreaker.Settings breaker,
      long maxStaleMs, Duration minBackoff, Duration maxBackoff, boolean modelPolicy, Trading trading) {
    this(strategy, limits, breaker, maxStaleMs, minBackoff, maxBackoff, modelPolicy, "strategy", PolicyLibrary.NONE,
        trading);
  }

  /** The same assets, running {@code name} at start and able to swap in versions from {@code library}. */
  public AssetSettings withPolicies(String name, PolicyLibrary library) {
    return new AssetSettings(strategy, limits, breaker, maxStaleMs, minBackoff, maxBackoff, modelPolicy, name, library,
        trading);
  }

  /** The same assets in another account (a run's universe and sizing). */
  public AssetSettings withTrading(Trading account) {
    return new AssetSettings(strategy, limits, breaker, maxStaleMs, minBackoff, maxBackoff, modelPolicy, policyName,
        policies, account);
  }

  /**
   * The account every asset of the node trades in.
   *
   * @param universe the account's instruments: an asset's index in it names its requests
   * @param maxNotional every asset's max notional (Fixed)
   * @param reverseAllowed the venue lends spot (reverse carry possible)
   * @param stepMs the bar interval the features are built for; {@code fundingIntervalMs} the perp's
   * @param tradeFrom nothing is sent before this time (a model's warm-up lead)
   * @param reconcileTolerance the largest holding difference with the venue that is not a mismatch (Fixed)
   */
  public record Trading(Universe universe, PlannerSettings planner, int leverage, long maxNotional,
      boolean reverseAllowed, double roundTripCost, long stepMs, long fundingIntervalMs, long tradeFrom,
      long reconcileTolerance) {
    /** The account of a run: the backtest configuration's sizing, planner and venue. */
    public static Trading of(Universe universe, BacktestConfig config, long stepMs, long fundingIntervalMs) {
      return new Trading(universe, config.planner(), config.sizing().leverage(),
          config.sizing().maxNotional(universe.assetCount()), config.venue().spotBorrow(), config.roundTripCost(),
          stepMs, fundingIntervalMs, config.tradeFrom(), universe.pair(0).hedgeLot());
    }

    /** The asset's index in the account; an asset the account does not trade is refused. */
    public int accountIndex(String asset) {
      int a = universe.assetIndexOf(AssetId.parse(asset));
      if (a < 0) {
        throw new IllegalArgumentException("the account does not trade " + asset);
      }
      return a;
    }

    AssetBooks books(int asset, io.fundarb.engine.market.MarketState market) {
      return new AssetBooks(universe, asset, planner, leverage, maxNotional, reverseAllowed, market);
    }

    AssetFeed feed(int asset, boolean modelPolicy) {
      // a model reads a window of rows from its ticks; otherwise only the last row is shown (status, metrics)
      FeatureBuilder features = stepMs > 0 && fundingIntervalMs > 0
          ? new FeatureBuilder(stepMs, fundingIntervalMs, modelPolicy ? AssetFeed.HISTORY : 1) : null;
      return new AssetFeed(universe.single(asset), leverage, maxNotional, roundTripCost, features, modelPolicy);
    }
  }
}
