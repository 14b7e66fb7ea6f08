package io.fundarb.engine.backtest;

import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.SimVenueConfig;
import java.util.Objects;

/**
 * Everything a backtest run needs besides the data and instruments.
 *
 * @param recordDetails keep fills, funding payments and per-step positions for the report
 *     (off in benchmarks, where the run must not allocate per event)
 * @param tradeFrom no order before this time and metrics from it on: the data before it only
 *     warms up funding histories and features, the same lead for every strategy compared
 */
public record BacktestConfig(
    String strategy,
    StrategySettings strategySettings,
    Sizing sizing,
    SimVenueConfig venue,
    PlannerSettings planner,
    boolean recordDetails,
    long tradeFrom) {
  public BacktestConfig {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(strategySettings, "strategySettings");
    Objects.requireNonNull(sizing, "sizing");
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(planner, "planner");
  }

  /** Runs from the start of the data, with details recorded. */
  public BacktestConfig(String strategy, StrategySettings strategySettings, Sizing sizing, SimVenueConfig venue,
      PlannerSettings planner, boolean recordDetails) {
    this(strategy, strategySettings, sizing, venue, planner, recordDetails, Long.MIN_VALUE);
  }

  public BacktestConfig withStrategy(String name, StrategySettings settings) {
    return new BacktestConfig(name, settings, sizing, venue, planner, recordDetails, tradeFrom);
  }

  public BacktestConfig withTradeFrom(long time) {
    return new BacktestConfig(strategy, strategySettings, sizing, venue, planner, recordDetails, time);
  }

  /**
   * Estimated cost of a full hedged round trip as a fraction of notional: taker fees on both
   * legs in and out, plus half the spread on each of those four trades.
   */
  public double roundTripCost() {
    double fees = io.fundarb.engine.money.Rate.toDouble(venue.spotFees().takerRate())
        + io.fundarb.engine.money.Rate.toDouble(venue.perpFees().takerRate());
    return 2 * fees + 4 * venue.slippage().halfSpreadBps() / 10_000.0;
  }
}
