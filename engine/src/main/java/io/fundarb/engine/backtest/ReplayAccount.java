package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.features.FeatureHistory;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.sim.Simulation;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.trading.AssetTick;
import io.fundarb.engine.trading.CarryTrader;
import io.fundarb.engine.trading.FeatureRow;
import io.fundarb.engine.venue.ExecutionListener;
import io.fundarb.engine.venue.SimulatedVenue;
import io.fundarb.engine.venue.TeeListener;
import java.util.Arrays;
import java.util.List;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.engine.sim.StepSource;
import io.fundarb.engine.venue.RestingOrder;
import io.fundarb.engine.venue.Venue;

/**
 * One simulated account replaying a market tape: market state, simulated venue, the engine's
 * books and the decision pipeline, advanced one clock step at a time. The backtester drives it
 * with in-process strategies; the actor node drives it with targets that come back from the
 * per-asset actors ({@link #tick} out, {@link #setTarget} in). Same objects, same order, so
 * the two produce the same fills.
 */
public final class ReplayAccount {
  /** Feature rows kept per asset for strategies that read windows of them. */
  public static final int FEATURE_HISTORY = 256;
  /** Initial size of a live account's curves (they grow). */
  private static final int LIVE_CAPACITY = 1_024;

  private final Universe universe;
  private final BacktestConfig config;
  private final MarketTape tape;
  private final String venueName;
  private final MarketState market;
  private final ManualClock clock;
  private final Portfolio portfolio;
  private final SimulatedVenue venue;
  private final ConnectedVenue connected;
  private final LiveMarket live;
  private final CarryTrader trader;
  private final StepSource steps;
  private final EquityCurve equity;
  private final PositionHistory positions;
  private final StepFunding stepFunding;
  private long stepCount;
  private boolean featuresOn;
  private boolean featuresOnTicks;

  /**
   * @param strategies one per asset, or all null when targets come from outside ({@link #setTarget})
   */
  public ReplayAccount(MarketTape tape, String venueName, Universe universe, BacktestConfig config, Strategy[] strategies) {
    this(tape, venueName, universe, config, strategies, null);
  }

  /** As above; {@code reports} (may be null) also receives every execution report, after the books. */
  public ReplayAccount(MarketTape tape, String venueName, Universe universe, BacktestConfig config, Strategy[] strategies,
      ExecutionListener reports) {
    this.universe = universe;
    this.config = config;
    this.tape = tape;
    this.live = null;
    this.connected = null;
    this.venueName = venueName;
    this.market = new MarketState(universe.instrumentCount());
    this.clock = new ManualClock(tape.size() == 0 ? 0 : tape.time(0));
    this.portfolio = newPortfolio(universe, config);
    Ledger venueBooks = new Ledger(universe, config.sizing().capital(), config.sizing().leverage());
    this.venue = new SimulatedVenue(universe, market, venueBooks, config.venue(), clock, listener(reports));
    this.trader = newTrader(venue, strategies);
    this.stepFunding = new StepFunding(universe.assetCount(), trader);
    this.steps = new Simulation(tape, market, venue, clock, stepFunding);
    this.equity = new EquityCurve(tape.groups());
    this.positions = config.recordDetails() ? new PositionHistory(tape.groups(), universe.instrumentCount()) : null;
    start(strategies);
  }

  /**
   * An account on a connected venue: its steps come from a live feed, its orders go to the venue;
   * everything between (books, planner, risk inputs, ticks) is the replay's. {@code reports} as above.
   */
  public ReplayAccount(LiveMarket live, ConnectedVenue venue, String venueName, Universe universe, BacktestConfig config,
      ExecutionListener reports) {
    this.universe = universe;
    this.config = config;
    this.tape = null;
    this.live = live;
    this.connected = venue;
    this.venue = null;
    this.venueName = venueName;
    this.market = new MarketState(universe.instrumentCount());
    this.clock = new ManualClock(0);
    this.portfolio = newPortfolio(universe, config);
    venue.connect(market, listener(reports));
    this.trader = newTrader(venue, new Strategy[universe.assetCount()]);
    this.stepFunding = new StepFunding(universe.assetCount(), trader);
    live.attach(market, clock, venue, stepFunding);
    this.steps = live;
    this.equity = new EquityCurve(LIVE_CAPACITY);
    this.positions = config.recordDetails() ? new PositionHistory(LIVE_CAPACITY, universe.instrumentCount()) : null;
    start(new Strategy[0]);
  }

  private static Portfolio newPortfolio(Universe universe, BacktestConfig config) {
    TradeJournal journal = config.recordDetails() ? TradeJournal.recording() : TradeJournal.disabled();
    return new Portfolio(universe, config.sizing().capital(), config.sizing().leverage(), journal);
  }

  private ExecutionListener listener(ExecutionListener reports) {
    return reports == null ? portfolio : new TeeListener(portfolio, reports);
  }

  private CarryTrader newTrader(Venue orders, Strategy[] strategies) {
    return new CarryTrader(universe, market, portfolio, orders, new HedgePlanner(universe, config.planner()),
        config.sizing().maxNotional(universe.assetCount()), strategies, config.roundTripCost(),
        config.venue().spotBorrow(), clock);
  }

  private void start(Strategy[] strategies) {
    for (Strategy strategy : strategies) {
      if (strategy != null && strategy.usesFeatures()) {
        trackFeatures(true);
        break;
      }
    }
    trader.tradeFrom(config.tradeFrom());
  }

  /**
   * Builds every asset's feature rows (the training {@code FeatureBuilder}), readable through
   * {@link #features}; {@code onTicks} also ships the last one in each {@link #tick}, for
   * strategies that run outside the account. Call before the first step.
   */
  public void trackFeatures(boolean onTicks) {
    featuresOnTicks |= onTicks;
    if (!featuresOn) {
      featuresOn = true;
      trader.enableFeatures(tape != null ? tape.bars(Universe.perpIndex(0)).intervalMs() : live.stepMs(),
          tape != null ? tape.funding(Universe.perpIndex(0)).typicalIntervalMs() : live.fundingIntervalMs(),
          FEATURE_HISTORY);
    }
  }

  /** Whether a step is ready (a live account may have none yet without having ended). */
  public boolean hasNext() {
    return steps.hasNext();
  }

  /** True when no step will come any more: the tape is consumed, or the live feed ended. */
  public boolean ended() {
    return live != null ? live.ended() : !steps.hasNext();
  }

  /** True when steps come from a live feed (no catch-up replay, no pacing: the feed has its own). */
  public boolean isLive() {
    return live != null;
  }

  /**
   * Called (on another thread) whenever a live feed offers a step or ends, and whenever the
   * connected venue has outcomes or reconciliation findings ({@link #deliverOutcomes}).
   */
  public void onMarketArrival(Runnable callback) {
    live.onArrival(callback);
    connected.onArrival(callback);
  }

  /** Books the connected venue's outcomes that arrived since the last step (between steps). */
  public void deliverOutcomes() {
    if (connected != null) {
      connected.deliver(clock.now());
    }
  }

  /** Time of the next step, or Long.MAX_VALUE when none is ready. */
  public long nextTime() {
    return steps.nextTime();
  }

  /** Applies the next step's market events (fills, funding, liquidations) and returns its time. */
  public long advance() {
    stepFunding.clear();
    stepCount++;
    long t = steps.step();
    trader.endMarketStep();
    return t;
  }

  /** The in-process decision round: every asset's strategy decides and the trader plans. */
  public void decide() {
    trader.decide();
  }

  /** Sets an asset's target hedge ratio from outside and plans toward it (or re-plans the old one). */
  public void setTarget(int asset, double target) {
    trader.setTarget(asset, target);
  }

  /** Re-plans an asset toward its current target (re-hedging continues when no new target came). */
  public void hold(int asset) {
    trader.setTarget(asset, trader.target(asset));
  }

  /** Cancels an asset's working orders (see {@link CarryTrader#cancelWorking}). */
  public int cancelWorking(int asset) {
    return trader.cancelWorking(asset);
  }

  /**
   * The step's decisions are complete: a connected venue sends what they planned; then equity
   * (and positions) are sampled, from the start of trading on.
   */
  public void record(long t) {
    if (connected != null) {
      connected.afterDecisions();
    }
    if (t < config.tradeFrom()) {
      return;
    }
    equity.record(t, portfolio.ledger().equity(market), portfolio.inMarket());
    if (positions != null) {
      positions.record(portfolio.ledger(), market);
    }
  }

  /** The values one asset's actors need after the current step. */
  public AssetTick tick(int asset) {
    AssetView view = trader.view(asset);
    int perp = Universe.perpIndex(asset);
    return new AssetTick(stepCount, view.asset(), clock.now(), view.spotPrice(), view.perpPrice(),
        stepFunding.settled(asset), view.sentiment(), view.hedgeRatio(), view.exposureRatio(), view.marginRatio(),
        portfolio.ledger().assetPnl(asset, market), trader.maxNotional(asset), view.roundTripCost(),
        Math.min(market.barTime(Universe.spotIndex(asset)), market.barTime(perp)),
        featuresOnTicks ? featureRow(view) : null);
  }

  /** The asset's last feature row, or null when the account does not track features. */
  public FeatureRow features(int asset) {
    return featureRow(trader.view(asset));
  }

  private FeatureRow featureRow(AssetView view) {
    if (!featuresOn) {
      return null;
    }
    FeatureHistory history = view.features();
    return history.steps() == 0 ? new FeatureRow(0, false, new float[0])
        : new FeatureRow(history.steps(), history.ready(), history.row(0).clone());
  }

  public BacktestResult result() {
    PerformanceMetrics metrics = MetricsCalculator.compute(equity, config.sizing().capital(), portfolio);
    return new BacktestResult(config.strategy(), venueName, metrics, equity, positions, portfolio);
  }

  public long equityNow() {
    return portfolio.ledger().equity(market);
  }

  public long step() {
    return stepCount;
  }

  public Universe universe() {
    return universe;
  }

  public MarketTape tape() {
    return tape;
  }

  public Portfolio portfolio() {
    return portfolio;
  }

  public MarketState market() {
    return market;
  }

  public CarryTrader trader() {
    return trader;
  }

  /** The simulated venue (its own books); null on a connected venue. */
  public SimulatedVenue venue() {
    return venue;
  }

  /** Orders resting at the venue (a connected venue's orders are immediate-or-cancel: none rest). */
  public List<RestingOrder> restingOrders() {
    return venue != null ? venue.restingOrders() : List.of();
  }

  /** Reconciliation findings of a connected venue since the last call (none on the simulated venue). */
  public List<Reconciliation.Mismatch> venueMismatches() {
    return connected != null ? connected.drainMismatches() : List.of();
  }

  /** Forwards market events to the trader and keeps the funding rates settled in this step. */
  private static final class StepFunding implements MarketObserver {
    private static final long[] NONE = new long[0];
    private final long[][] rates;
    private final int[] counts;
    private final MarketObserver next;

    StepFunding(int assets, MarketObserver next) {
      this.rates = new long[assets][2];
      this.counts = new int[assets];
      this.next = next;
    }

    void clear() {
      Arrays.fill(counts, 0);
    }

    long[] settled(int asset) {
      return counts[asset] == 0 ? NONE : Arrays.copyOf(rates[asset], counts[asset]);
    }

    @Override
    public void onBar(int instrument, long time) {
      next.onBar(instrument, time);
    }

    @Override
    public void onFunding(int perp, long time, long rate) {
      int a = Universe.assetOf(perp);
      if (counts[a] == rates[a].length) {
        rates[a] = Arrays.copyOf(rates[a], 2 * counts[a]);
      }
      rates[a][counts[a]++] = rate;
      next.onFunding(perp, time, rate);
    }

    @Override
    public void onSentiment(long time, int value) {
      next.onSentiment(time, value);
    }
  }
}
