package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.trading.AssetFeed;
import io.fundarb.engine.trading.CarryTrader;
import java.util.function.Supplier;

/**
 * Event-driven backtest: replays one venue's market tape through the simulated venue
 * ({@link SimulatedExchange}) and the account's decision pipeline ({@link CarryTrader}), one
 * clock step at a time, sampling equity after every step.
 */
public final class Backtester {
  private final SimulatedExchange exchange;
  private final CarryTrader trader;

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
    Strategy[] strategies = new Strategy[universe.assetCount()];
    boolean features = false;
    for (int a = 0; a < strategies.length; a++) {
      strategies[a] = strategy.get();
      features |= strategies[a].usesFeatures();
    }
    this.exchange = new SimulatedExchange(tape, venueName, universe, config, null);
    this.trader = new CarryTrader(universe, exchange.market(), exchange.portfolio(), exchange.venue(),
        new HedgePlanner(universe, config.planner()), config.sizing().maxNotional(universe.assetCount()), strategies,
        config.roundTripCost(), config.venue().spotBorrow(), exchange.clock());
    if (features) {
      trader.enableFeatures(tape.bars(Universe.perpIndex(0)).intervalMs(),
          tape.funding(Universe.perpIndex(0)).typicalIntervalMs(), AssetFeed.HISTORY);
    }
    trader.tradeFrom(config.tradeFrom());
    exchange.observe(trader);
  }

  /** Told how far a run got: steps done out of the tape's steps. */
  public interface Progress {
    void at(long step, long steps);
  }

  private static final int PROGRESS_EVERY = 1_000;

  public BacktestResult run() {
    return run((step, steps) -> { });
  }

  /** As {@link #run()}, telling {@code progress} every {@value #PROGRESS_EVERY} steps and at the end. */
  public BacktestResult run(Progress progress) {
    long steps = exchange.tape().groups();
    while (exchange.hasNext()) {
      long t = exchange.advance();
      trader.endMarketStep();
      trader.decide();
      exchange.record(t);
      if (exchange.step() % PROGRESS_EVERY == 0) {
        progress.at(exchange.step(), steps);
      }
    }
    progress.at(exchange.step(), steps);
    return exchange.result();
  }

  /** The venue's own books, to reconcile against the engine's mirror. */
  public Ledger venueLedger() {
    return exchange.venue().ledger();
  }

  public CarryTrader trader() {
    return trader;
  }

  public Universe universe() {
    return exchange.universe();
  }

  public MarketTape tape() {
    return exchange.tape();
  }
}
