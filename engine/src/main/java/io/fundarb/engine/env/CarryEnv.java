package io.fundarb.engine.env;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.sim.Simulation;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.CarryTrader;
import io.fundarb.engine.venue.SimulatedVenue;
import java.util.SplittableRandom;

/**
 * A reinforcement-learning environment for carry on one asset, built on the backtester's own
 * machinery ({@link Simulation}, {@link SimulatedVenue}, {@link CarryTrader}): an action becomes
 * a target hedge ratio, the step replays one clock step of real (or shocked) data, and the reward
 * is the exact change in account value, less configurable risk and cost penalties.
 *
 * <p>Observation: the last {@code window} rows of the observed features (normalised with the
 * training statistics, oldest first), then three state features computed by the same code a
 * strategy reads in a backtest ({@link AssetView}): hedge ratio, exposure ratio and the perp's
 * margin ratio.
 */
public final class CarryEnv {
  public static final int STATE_FEATURES = 3;

  private final EnvData data;
  private final EnvConfig config;
  private final SplittableRandom random;
  private final int observationSize;
  private final long maxNotional;
  private final double capital;
  private final double roundTripCost;
  private final double[] recentReturns;
  private final double[] dayEquity;
  private final int stepsPerDay;
  private final StepInfo info = new StepInfo();

  private EnvData.Scenario scenario;
  private int step;
  private int lastStep;
  private MarketState market;
  private Portfolio portfolio;
  private CarryTrader trader;
  private Simulation simulation;
  private double agentTarget;
  private long previousEquity;
  private long peakEquity;
  private long previousTraded;
  private int stepsTaken;
  private boolean done = true;
  private HedgePlanner planner;
  private EnvData.Scenario plannerFor;
  private ScenarioFeatures features;

  public CarryEnv(EnvData data, EnvConfig config, long seed) {
    this.data = data;
    this.config = config;
    this.random = new SplittableRandom(seed);
    this.observationSize = data.window() * data.normalization().size() + STATE_FEATURES;
    this.maxNotional = config.sizing().maxNotional(1);
    this.capital = Fixed.toDouble(config.sizing().capital());
    this.roundTripCost = 2 * (Rate.toDouble(config.venue().spotFees().takerRate())
        + Rate.toDouble(config.venue().perpFees().takerRate())) + 4 * config.venue().slippage().halfSpreadBps() / 1e4;
    this.recentReturns = new double[config.reward().volatilityWindow()];
    long stepMs = data.clean().get(0).tape().bars(0).intervalMs();
    this.stepsPerDay = (int) Math.max(1, Times.DAY_MS / stepMs);
    this.dayEquity = new double[stepsPerDay];
  }

  public int observationSize() {
    return observationSize;
  }

  public EnvConfig config() {
    return config;
  }

  /** Starts an episode on a random (or the first) scenario and step. */
  public void reset() {
    scenario = pickScenario();
    int first = scenario.firstStart();
    int minLength = config.episodeSteps() > 0 ? config.episodeSteps() : 1;
    int last = scenario.steps() - 1 - minLength;
    int start = config.randomStart() && last > first ? first + random.nextInt(last - first + 1) : first;
    lastStep = config.episodeSteps() > 0 ? Math.min(scenario.steps() - 1, start + config.episodeSteps()) : scenario.steps() - 1;
    startAt(start);
  }

  /** Starts an episode at a given step of a given scenario (evaluation, tests). */
  public void reset(EnvData.Scenario chosen, int start, int last) {
    scenario = chosen;
    lastStep = Math.min(last, chosen.steps() - 1);
    startAt(start);
  }

  private void startAt(int start) {
    Universe universe = scenario.universe();
    market = new MarketState(universe.instrumentCount());
    ManualClock clock = new ManualClock(scenario.tape().time(scenario.stepStart()[start]));
    long cash = config.sizing().capital();
    int leverage = config.sizing().leverage();
    portfolio = new Portfolio(universe, cash, leverage, TradeJournal.disabled());
    SimulatedVenue venue = new SimulatedVenue(universe, market, new Ledger(universe, cash, leverage), config.venue(), clock, portfolio);
    if (plannerFor != scenario) {
      planner = new HedgePlanner(universe, config.planner());
      plannerFor = scenario;
    }
    trader = new CarryTrader(universe, market, portfolio, venue, planner, maxNotional, new Strategy[1], roundTripCost,
        config.venue().spotBorrow(), clock);
    simulation = new Simulation(scenario.tape(), market, venue, clock, trader, scenario.stepStart()[start], scenario.tape().size());
    features = new ScenarioFeatures(scenario.features(), scenario.firstReady());
    trader.attachFeatures(0, features);
    info.time = simulation.step();
    step = start;
    features.moveTo(step);
    agentTarget = 0;
    previousEquity = cash;
    peakEquity = cash;
    previousTraded = 0;
    stepsTaken = 0;
    java.util.Arrays.fill(recentReturns, 0);
    java.util.Arrays.fill(dayEquity, capital);
    info.end = StepInfo.End.RUNNING;
    info.equity = capital;
    info.drawdown = 0;
    done = false;
  }

  private EnvData.Scenario pickScenario() {
    if (!data.shocked().isEmpty() && random.nextDouble() < config.shockedShare()) {
      return data.shocked().get(random.nextInt(data.shocked().size()));
    }
    return data.clean().get(random.nextInt(data.clean().size()));
  }

  /**
   * Applies {@code action} (a continuous target or a discrete choice, see {@link ActionSpace}),
   * replays one step and returns the reward. Check {@link #done()} afterwards.
   */
  public double step(float action) {
    if (done) {
      throw new IllegalStateException("episode is over: reset first");
    }
    double requested = config.actions().target(action, agentTarget);
    agentTarget = requested;
    double applied = requested * config.targetScale();
    double feasible = config.venue().spotBorrow() ? applied : Math.max(0, applied);
    info.requestedTarget = applied;
    info.appliedTarget = feasible;
    info.clamped = feasible != applied;
    trader.setTarget(0, feasible);
    if (simulation.hasNext()) {
      info.time = simulation.step();
    }
    step++;
    stepsTaken++;
    features.moveTo(step);
    return settle();
  }

  private double settle() {
    Ledger ledger = portfolio.ledger();
    long equity = ledger.equity(market);
    long traded = ledger.totalTradedNotional();
    double change = Fixed.toDouble(equity - previousEquity);
    double stepReturn = change / Fixed.toDouble(previousEquity);
    recentReturns[stepsTaken % recentReturns.length] = stepReturn;
    peakEquity = Math.max(peakEquity, equity);
    double drawdown = 1 - Fixed.toDouble(equity) / Fixed.toDouble(peakEquity);
    double value = Fixed.toDouble(equity);
    double dayAgo = dayEquity[stepsTaken % dayEquity.length];
    dayEquity[stepsTaken % dayEquity.length] = value;
    double tradedNow = Fixed.toDouble(traded - previousTraded);
    RewardConfig r = config.reward();
    double reward = change / capital
        - r.volatilityPenalty() * volatility()
        - r.drawdownPenalty() * drawdown * drawdown
        - r.turnoverCost() * tradedNow / capital
        - r.leverageCost() * trader.view(0).exposureRatio();
    info.equity = value;
    info.drawdown = drawdown;
    info.stepReturn = stepReturn;
    info.tradedNotional = tradedNow;
    previousEquity = equity;
    previousTraded = traded;
    EnvLimits limits = config.limits();
    if (limits.maxDrawdown() > 0 && drawdown >= limits.maxDrawdown()) {
      return end(StepInfo.End.MAX_DRAWDOWN, reward - r.terminalPenalty() / r.scale());
    }
    if (limits.maxDailyLoss() > 0 && stepsTaken >= stepsPerDay && 1 - value / dayAgo >= limits.maxDailyLoss()) {
      return end(StepInfo.End.DAILY_LOSS, reward - r.terminalPenalty() / r.scale());
    }
    if (!simulation.hasNext() || step >= scenario.steps() - 1) {
      return end(StepInfo.End.END_OF_DATA, reward);
    }
    if (step >= lastStep) {
      return end(StepInfo.End.EPISODE_LENGTH, reward);
    }
    return r.scale() * reward;
  }

  private double end(StepInfo.End why, double reward) {
    done = true;
    info.end = why;
    return config.reward().scale() * reward;
  }

  private double volatility() {
    int n = Math.min(stepsTaken, recentReturns.length);
    if (n < 2) {
      return 0;
    }
    double sum = 0;
    double sumSq = 0;
    for (int k = 0; k < n; k++) {
      sum += recentReturns[k];
      sumSq += recentReturns[k] * recentReturns[k];
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  }

  /** Writes the current observation into {@code out[offset .. offset + observationSize())}. */
  public void observe(float[] out, int offset) {
    int k = data.normalization().size();
    int rows = data.window();
    System.arraycopy(scenario.observed(), (step - rows + 1) * k, out, offset, rows * k);
    writeState(trader.view(0), out, offset + rows * k);
  }

  /** The state features, in the order every model reads them. */
  public static void writeState(AssetView view, float[] out, int offset) {
    out[offset] = (float) view.hedgeRatio();
    out[offset + 1] = (float) view.exposureRatio();
    out[offset + 2] = (float) view.marginRatio();
  }

  public boolean done() {
    return done;
  }

  public StepInfo info() {
    return info;
  }

  /**
   * The asset as a strategy would see it, for baseline policies, frozen models and tests; its
   * {@code features()} are the scenario's rows up to the current step.
   */
  public AssetView view() {
    return trader.view(0);
  }

  public Portfolio portfolio() {
    return portfolio;
  }

  public EnvData.Scenario scenario() {
    return scenario;
  }

  public int currentStep() {
    return step;
  }

  /** The exact equity now (Fixed). */
  public long equity() {
    return portfolio.ledger().equity(market);
  }
}
