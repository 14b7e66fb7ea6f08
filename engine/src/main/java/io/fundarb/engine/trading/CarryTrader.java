package io.fundarb.engine.trading;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.features.FeatureTracker;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.Clock;
import io.fundarb.engine.venue.Venue;
import io.fundarb.engine.venue.VenueRequest;
import java.util.List;

/**
 * The decision pipeline of one account in the backtester and the RL environment: per asset, a
 * target hedge ratio (from its strategy, or set from outside by an agent) goes to the asset's
 * {@link AssetTrader} (guard, plan, send) — the very object an asset's order actor trades with
 * on a node.
 */
public final class CarryTrader implements MarketObserver {
  private final Universe universe;
  private final MarketState market;
  private final Portfolio portfolio;
  private final Strategy[] strategies;
  private final AssetContext[] contexts;
  private final AssetTrader[] traders;
  private final Clock clock;
  private FeatureTracker features;
  private long tradingFrom = Long.MIN_VALUE;

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
    this.strategies = strategies.clone();
    this.clock = clock;
    this.contexts = new AssetContext[universe.assetCount()];
    this.traders = new AssetTrader[universe.assetCount()];
    for (int a = 0; a < contexts.length; a++) {
      contexts[a] = new AssetContext(a, universe, market, portfolio.ledger(), clock, maxNotional, roundTripCost);
      traders[a] = new AssetTrader(universe, a, a, portfolio, market, planner, venue, maxNotional, reverseAllowed);
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
        traders[a].trade(portfolio.ledger().cash());
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
    traders[asset].setTarget(requested);
    if (clock.now() >= tradingFrom) {
      traders[asset].trade(portfolio.ledger().cash());
    }
  }

  /**
   * Trades an asset toward explicit leg quantities (a portfolio's legs hedged on other venues; see
   * {@link AssetTrader#tradeLegs}), from the start of trading on.
   */
  public void setLegs(int asset, long spotQty, long perpQty, boolean toTarget) {
    if (clock.now() >= tradingFrom) {
      traders[asset].tradeLegs(spotQty, perpQty, toTarget, portfolio.ledger().cash());
    }
  }

  /**
   * Requests the asset's own order actor sent (a node trading the portfolio's legs): tracked in
   * flight as if this trader had sent them, so the books it mirrors know what is on its way.
   */
  public void sentElsewhere(int asset, List<VenueRequest> requests) {
    traders[asset].sent(requests);
  }

  /** Cancels an asset's working orders (see {@link AssetTrader#cancelWorking}). */
  public int cancelWorking(int asset) {
    return traders[asset].cancelWorking();
  }

  public AssetView view(int asset) {
    return contexts[asset];
  }

  public double target(int asset) {
    return traders[asset].target();
  }

  public long maxNotional(int asset) {
    return traders[asset].maxNotional();
  }

  public int invalidTargets() {
    int n = 0;
    for (AssetTrader t : traders) {
      n += t.invalidTargets();
    }
    return n;
  }

  public int clampedTargets() {
    int n = 0;
    for (AssetTrader t : traders) {
      n += t.clampedTargets();
    }
    return n;
  }
}
