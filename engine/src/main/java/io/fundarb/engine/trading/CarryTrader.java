package io.fundarb.engine.trading;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.features.FeatureTracker;
import io.fundarb.engine.exec.PlannedAction;
import io.fundarb.engine.exec.PlannedOrder;
import io.fundarb.engine.exec.PlannedTransfer;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.Clock;
import io.fundarb.engine.venue.Venue;
import java.util.List;

/**
 * The decision pipeline of one account, identical in backtest, RL environment and live node:
 * per asset, a target hedge ratio (from its strategy, or set from outside by an agent) is
 * guarded (NaN keeps the last target, out-of-range is clamped, reverse carry needs a venue that
 * lends spot), planned into hedged orders and margin transfers, and sent to the venue.
 */
public final class CarryTrader implements MarketObserver {
  private final Universe universe;
  private final MarketState market;
  private final Portfolio portfolio;
  private final Venue venue;
  private final HedgePlanner planner;
  private final long[] maxNotional;
  private final Strategy[] strategies;
  private final AssetContext[] contexts;
  private final double[] target;
  private final boolean reverseAllowed;
  private final Clock clock;
  private FeatureTracker features;
  private long tradingFrom = Long.MIN_VALUE;
  private long nextRequestId = 1;
  private int invalidTargets;
  private int clampedTargets;

  /**
   * @param strategies one per asset; an entry may be null when targets come from {@link #setTarget}
   * @param roundTripCost estimated cost of a full hedged round trip as a fraction of notional
   */
  public CarryTrader(Universe universe, MarketState market, Portfolio portfolio, Venue venue, HedgePlanner planner,
      long maxNotional, Strategy[] strategies, double roundTripCost, boolean reverseAllowed, Clock clock) {
    if (strategies.length != universe.assetCount()) {
      throw new IllegalArgumentException("need one strategy slot per asset");
    }
    this.universe = universe;
    this.market = market;
    this.portfolio = portfolio;
    this.venue = venue;
    this.planner = planner;
    this.strategies = strategies.clone();
    this.reverseAllowed = reverseAllowed;
    this.clock = clock;
    this.maxNotional = new long[universe.assetCount()];
    this.contexts = new AssetContext[universe.assetCount()];
    this.target = new double[universe.assetCount()];
    for (int a = 0; a < contexts.length; a++) {
      this.maxNotional[a] = maxNotional;
      contexts[a] = new AssetContext(a, universe, market, portfolio.ledger(), clock, maxNotional, roundTripCost);
    }
  }

  /**
   * Computes feature rows for the strategies that read them (see {@link Strategy#usesFeatures()});
   * call before replay starts.
   */
  public void enableFeatures(long stepMs, long fundingIntervalMs, int history) {
    features = new FeatureTracker(universe, market, stepMs, fundingIntervalMs, history);
    for (int a = 0; a < contexts.length; a++) {
      contexts[a].attachFeatures(features.builder(a));
    }
  }

  /** Lets the asset's view answer {@code features()} from rows computed elsewhere (a replayed table). */
  public void attachFeatures(int asset, io.fundarb.engine.features.FeatureHistory history) {
    contexts[asset].attachFeatures(history);
  }

  /** Strategies decide from the start, but nothing is sent before {@code time} (a warm-up lead). */
  public void tradeFrom(long time) {
    tradingFrom = time;
  }

  @Override
  public void onBar(int instrument, long time) {
    if (features != null) {
      features.onBar(instrument, time);
    }
  }

  @Override
  public void onFunding(int perp, long time, long rate) {
    contexts[Universe.assetOf(perp)].fundingHistory().add(rate);
    if (features != null) {
      features.onFunding(perp, time, rate);
    }
  }

  @Override
  public void onSentiment(long time, int value) {
    if (features != null) {
      features.onSentiment(time, value);
    }
  }

  /** One decision round: every asset with a strategy re-evaluates and re-plans. */
  public void step() {
    endMarketStep();
    decide();
  }

  /** Every asset with a strategy re-evaluates; assets without one re-plan their current target. */
  public void decide() {
    for (int a = 0; a < strategies.length; a++) {
      if (strategies[a] != null) {
        setTarget(a, strategies[a].target(contexts[a]));
      } else {
        execute(a);
      }
    }
  }

  /**
   * Closes the step's market events (feature rows); call once per step before targets are set
   * from outside with {@link #setTarget}. {@link #step} does it itself.
   */
  public void endMarketStep() {
    if (features != null) {
      features.endStep(clock.now());
    }
  }

  /** Sets an asset's target hedge ratio (guarded) and plans toward it now. */
  public void setTarget(int asset, double requested) {
    target[asset] = guard(requested, target[asset]);
    if (clock.now() >= tradingFrom) {
      execute(asset);
    }
  }

  private double guard(double requested, double current) {
    if (Double.isNaN(requested)) {
      invalidTargets++;
      return current;
    }
    double floor = reverseAllowed ? -1 : 0;
    double clamped = Math.max(floor, Math.min(1, requested));
    if (clamped != requested) {
      clampedTargets++;
    }
    return clamped;
  }

  private void execute(int asset) {
    List<PlannedAction> actions = planner.plan(
        asset, Rate.ofDouble(target[asset]), maxNotional[asset], portfolio.ledger(), portfolio.openOrders(), market);
    for (int k = 0; k < actions.size(); k++) {
      send(actions.get(k));
    }
  }

  private void send(PlannedAction action) {
    long id = nextRequestId++;
    if (action instanceof PlannedOrder order) {
      portfolio.track(id, order.instrument());
      venue.submit(OrderRequest.market(id, universe.id(order.instrument()),
          Side.ofSignedQuantity(order.signedQuantity()), new Quantity(Math.abs(order.signedQuantity())),
          order.reduceOnly()));
    } else if (action instanceof PlannedTransfer transfer) {
      portfolio.trackTransfer(id, transfer.perp());
      venue.transferMargin(id, universe.id(transfer.perp()), transfer.amount());
    }
  }

  /**
   * Requests cancellation of the asset's working orders on both legs (SAFE mode, kill switch,
   * removal): an order sized for an earlier target must not keep adding exposure. The planner
   * places nothing new on a leg until its cancels are answered; then it re-hedges.
   *
   * @return the number of cancels sent (orders already asked to cancel are not asked again)
   */
  public int cancelWorking(int asset) {
    int sent = 0;
    for (int leg : new int[] {Universe.spotIndex(asset), Universe.perpIndex(asset)}) {
      for (long id : portfolio.openOrders().takeCancellable(leg)) {
        venue.cancel(universe.id(leg), id);
        sent++;
      }
    }
    return sent;
  }

  public AssetView view(int asset) {
    return contexts[asset];
  }

  public double target(int asset) {
    return target[asset];
  }

  public long maxNotional(int asset) {
    return maxNotional[asset];
  }

  public int invalidTargets() {
    return invalidTargets;
  }

  public int clampedTargets() {
    return clampedTargets;
  }
}
