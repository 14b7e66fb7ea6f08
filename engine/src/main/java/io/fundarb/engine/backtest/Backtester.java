package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.sim.Simulation;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.trading.CarryTrader;
import io.fundarb.engine.venue.SimulatedVenue;
import java.util.function.Supplier;

/**
 * Event-driven backtest: replays one venue's market tape through the simulated venue and the
 * account's decision pipeline ({@link CarryTrader}), one clock step at a time, sampling equity
 * after every step.
 */
public final class Backtester {
  /** Feature rows kept per asset for strategies that read windows of them. */
  static final int FEATURE_HISTORY = 256;

  private final Universe universe;
  private final BacktestConfig config;
  private final MarketTape tape;
  private final MarketState market;
  private final ManualClock clock;
  private final Portfolio portfolio;
  private final SimulatedVenue venue;
  private final CarryTrader trader;
  private final Simulation simulation;
  private final EquityCurve equity;
  private final PositionHistory positions;
  private final String venueName;

  public Backtester(MarketData data, Universe universe, BacktestConfig config) {
    this(MarketTape.build(data, universe), data.venue(), universe, config);
  }

  /** Runs {@code strategy} (one instance per asset) instead of the configured strategy name. */
  public Backtester(MarketData data, Universe universe, BacktestConfig config, Supplier<Strategy> strategy) {
    this(MarketTape.build(data, universe), data.venue(), universe, config, strategy);
  }

  /** Runs over a prepared tape (e.g. a replicated one for benchmarks). */
  public Backtester(MarketTape tape, String venueName, Universe universe, BacktestConfig config) {
    this(tape, venueName, universe, config, byName(config));
  }

  private static Supplier<Strategy> byName(BacktestConfig config) {
    StrategyFactory factory = Strategies.find(config.strategy());
    return () -> factory.create(config.strategySettings());
  }

  private Backtester(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      Supplier<Strategy> strategy) {
    this.universe = universe;
    this.config = config;
    this.tape = tape;
    this.venueName = venueName;
    int leverage = config.sizing().leverage();
    this.market = new MarketState(universe.instrumentCount());
    this.clock = new ManualClock(tape.size() == 0 ? 0 : tape.time(0));
    TradeJournal journal = config.recordDetails() ? TradeJournal.recording() : TradeJournal.disabled();
    this.portfolio = new Portfolio(universe, config.sizing().capital(), leverage, journal);
    Ledger venueBooks = new Ledger(universe, config.sizing().capital(), leverage);
    this.venue = new SimulatedVenue(universe, market, venueBooks, config.venue(), clock, portfolio);
    Strategy[] strategies = new Strategy[universe.assetCount()];
    boolean usesFeatures = false;
    for (int a = 0; a < strategies.length; a++) {
      strategies[a] = strategy.get();
      usesFeatures |= strategies[a].usesFeatures();
    }
    this.trader = new CarryTrader(universe, market, portfolio, venue, new HedgePlanner(universe, config.planner()),
        config.sizing().maxNotional(universe.assetCount()), strategies, config.roundTripCost(),
        config.venue().spotBorrow(), clock);
    if (usesFeatures) {
      trader.enableFeatures(tape.bars(Universe.perpIndex(0)).intervalMs(),
          tape.funding(Universe.perpIndex(0)).typicalIntervalMs(), FEATURE_HISTORY);
    }
    trader.tradeFrom(config.tradeFrom());
    this.simulation = new Simulation(tape, market, venue, clock, trader);
    this.equity = new EquityCurve(tape.groups());
    this.positions = config.recordDetails() ? new PositionHistory(tape.groups(), universe.instrumentCount()) : null;
  }

  public BacktestResult run() {
    while (simulation.hasNext()) {
      long t = simulation.step();
      trader.step();
      if (t < config.tradeFrom()) {
        continue;
      }
      equity.record(t, portfolio.ledger().equity(market), portfolio.inMarket());
      if (positions != null) {
        positions.record(portfolio.ledger(), market);
      }
    }
    PerformanceMetrics metrics = MetricsCalculator.compute(equity, config.sizing().capital(), portfolio);
    return new BacktestResult(config.strategy(), venueName, metrics, equity, positions, portfolio);
  }

  /** The venue's own books, to reconcile against the engine's mirror. */
  public Ledger venueLedger() {
    return venue.ledger();
  }

  public CarryTrader trader() {
    return trader;
  }

  public Universe universe() {
    return universe;
  }

  public MarketTape tape() {
    return tape;
  }
}
