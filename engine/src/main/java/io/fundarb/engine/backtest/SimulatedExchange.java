package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.sim.Simulation;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.venue.ExecutionListener;
import io.fundarb.engine.venue.SimulatedVenue;
import io.fundarb.engine.venue.TeeListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchange side of a replay: the tape on its clock, the simulated venue with its own books,
 * the engine's mirror of the account rebuilt from the venue's reports, and the equity curve. The
 * backtester trades on it with in-process strategies; a node's replay clock trades on it through
 * the assets' order actors, handing each asset its {@link MarketStep}s. Same venue, same order of
 * events, so both produce the same fills.
 */
public final class SimulatedExchange {
  private final Universe universe;
  private final BacktestConfig config;
  private final MarketTape tape;
  private final String venueName;
  private final MarketState market;
  private final ManualClock clock;
  private final Portfolio portfolio;
  private final SimulatedVenue venue;
  private final Simulation steps;
  private final EquityCurve equity;
  private final PositionHistory positions;
  private final List<MarketObserver> observers = new ArrayList<>(2);
  private AssetSteps assetSteps;
  private long stepCount;

  /** @param reports (may be null) also receives every execution report, after the account's books */
  public SimulatedExchange(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      ExecutionListener reports) {
    this.universe = universe;
    this.config = config;
    this.tape = tape;
    this.venueName = venueName;
    this.market = new MarketState(universe.instrumentCount());
    this.clock = new ManualClock(tape.size() == 0 ? 0 : tape.time(0));
    TradeJournal journal = config.recordDetails() ? TradeJournal.recording() : TradeJournal.disabled();
    this.portfolio = new Portfolio(universe, config.sizing().capital(), config.sizing().leverage(), journal);
    Ledger venueBooks = new Ledger(universe, config.sizing().capital(), config.sizing().leverage());
    this.venue = new SimulatedVenue(universe, market, venueBooks, config.venue(), clock,
        reports == null ? portfolio : new TeeListener(portfolio, reports));
    this.steps = new Simulation(tape, market, venue, clock, new Observers());
    this.equity = new EquityCurve(tape.groups());
    this.positions = config.recordDetails() ? new PositionHistory(tape.groups(), universe.instrumentCount()) : null;
  }

  /** {@code observer} hears every market event after the market and the venue took it; call before the first step. */
  public void observe(MarketObserver observer) {
    observers.add(observer);
  }

  /** Cuts every step into one {@link MarketStep} per asset ({@link #assetStep}); call before the first step. */
  public void cutAssetSteps() {
    if (assetSteps == null) {
      assetSteps = new AssetSteps();
      observers.add(0, assetSteps);
    }
  }

  public boolean hasNext() {
    return steps.hasNext();
  }

  /** Time of the next step, or Long.MAX_VALUE at the end. */
  public long nextTime() {
    return steps.nextTime();
  }

  /**
   * Applies the next step: the venue handles the requests that arrived before it (fills, rejects),
   * then the step's bars, funding and sentiment reach the market, the venue and the observers.
   */
  public long advance() {
    if (assetSteps != null) {
      assetSteps.clear();
    }
    stepCount++;
    return steps.step();
  }

  /** Asset {@code asset}'s events of the step just applied (see {@link #cutAssetSteps}). */
  public MarketStep assetStep(int asset) {
    return new MarketStep(clock.now(), assetSteps.events.get(asset));
  }

  /** Samples equity (and positions) after a step's decisions, from the start of trading on. */
  public void record(long t) {
    if (t < config.tradeFrom()) {
      return;
    }
    recordEquity(t, portfolio.ledger().equity(market));
  }

  /** As {@link #record}, with the account's equity already valued at this step (a portfolio sums it). */
  public void recordEquity(long t, long value) {
    equity.record(t, value, portfolio.inMarket());
    if (positions != null) {
      positions.record(portfolio.ledger(), market);
    }
  }

  public BacktestResult result() {
    PerformanceMetrics metrics = MetricsCalculator.compute(equity, config.sizing().capital(), Attribution.of(portfolio));
    return new BacktestResult(config.strategy(), venueName, metrics, equity, positions, portfolio);
  }

  public long equityNow() {
    return portfolio.ledger().equity(market);
  }

  /** Steps applied so far. */
  public long step() {
    return stepCount;
  }

  public Universe universe() {
    return universe;
  }

  public BacktestConfig config() {
    return config;
  }

  public MarketTape tape() {
    return tape;
  }

  /** The engine's mirror of the account, rebuilt from the venue's reports. */
  public Portfolio portfolio() {
    return portfolio;
  }

  public MarketState market() {
    return market;
  }

  public ManualClock clock() {
    return clock;
  }

  public SimulatedVenue venue() {
    return venue;
  }

  /** Calls every observer in turn. */
  private final class Observers implements MarketObserver {
    @Override
    public void onBar(int instrument, long time) {
      for (int k = 0; k < observers.size(); k++) {
        observers.get(k).onBar(instrument, time);
      }
    }

    @Override
    public void onFunding(int perp, long time, long rate) {
      for (int k = 0; k < observers.size(); k++) {
        observers.get(k).onFunding(perp, time, rate);
      }
    }

    @Override
    public void onSentiment(long time, int value) {
      for (int k = 0; k < observers.size(); k++) {
        observers.get(k).onSentiment(time, value);
      }
    }
  }

  /** Collects each asset's events of the step, in the tape's order, as values of the market after each. */
  private final class AssetSteps implements MarketObserver {
    private final List<List<MarketEvent>> events = new ArrayList<>();

    AssetSteps() {
      for (int a = 0; a < universe.assetCount(); a++) {
        events.add(new ArrayList<>(4));
      }
    }

    void clear() {
      for (List<MarketEvent> e : events) {
        e.clear();
      }
    }

    @Override
    public void onBar(int i, long time) {
      events.get(Universe.assetOf(i)).add(new MarketEvent.Bar(Leg.of(i), market.open(i), market.high(i),
          market.low(i), market.close(i), market.volume(i), market.quoteVolume(i), market.trades(i)));
    }

    @Override
    public void onFunding(int perp, long time, long rate) {
      events.get(Universe.assetOf(perp)).add(new MarketEvent.Funding(rate));
    }

    @Override
    public void onSentiment(long time, int value) {
      MarketEvent sentiment = new MarketEvent.Sentiment(value);
      for (List<MarketEvent> e : events) {
        e.add(sentiment);
      }
    }
  }
}
