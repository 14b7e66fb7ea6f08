package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.trading.CarryTrader;
import java.util.function.Supplier;

/**
 * Event-driven backtest: replays one venue's market tape through the simulated venue and the
 * account's decision pipeline ({@link CarryTrader}), one clock step at a time, sampling equity
 * after every step.
 */
public final class Backtester {
  private final ReplayAccount account;

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
    for (int a = 0; a < strategies.length; a++) {
      strategies[a] = strategy.get();
    }
    this.account = new ReplayAccount(tape, venueName, universe, config, strategies);
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
    long steps = account.tape().groups();
    while (account.hasNext()) {
      long t = account.advance();
      account.decide();
      account.record(t);
      if (account.step() % PROGRESS_EVERY == 0) {
        progress.at(account.step(), steps);
      }
    }
    progress.at(account.step(), steps);
    return account.result();
  }

  /** The venue's own books, to reconcile against the engine's mirror. */
  public Ledger venueLedger() {
    return account.venue().ledger();
  }

  public CarryTrader trader() {
    return account.trader();
  }

  public Universe universe() {
    return account.universe();
  }

  public MarketTape tape() {
    return account.tape();
  }
}
