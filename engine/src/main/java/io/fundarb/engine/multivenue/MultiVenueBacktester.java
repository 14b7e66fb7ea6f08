package io.fundarb.engine.multivenue;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.backtest.Attribution;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.MetricsCalculator;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backtest of one portfolio holding an account on each of several venues. The venues replay on
 * one clock; after each step's market events the policy allocates the portfolio over the
 * opportunities ({@link Opportunities}: every asset's carry on every venue and, unless switched
 * off, long spot or perp on one venue against the perp on another), the {@link AllocationLimits}
 * project the allocation, each opportunity becomes a base quantity held long on one leg and short
 * on the other, each venue's account trades its legs toward the sum of what the opportunities want
 * there, and cash moves between venues toward where the legs need it ({@link VenueTransfers}: fee
 * and delay).
 *
 * <p>Capital starts split evenly over the venues. A venue trades only with what it holds: an
 * opportunity is scaled down to what the poorer of its two venues can carry until a transfer
 * arrives, so its legs stay equal. A spot leg ties up its notional, a perp leg its initial margin;
 * each venue keeps the sizing reserve of its own equity for margin top-ups, and a transfer only
 * takes cash beyond it, and only from a venue with nothing in flight.
 */
public final class MultiVenueBacktester {
  private final List<VenueSleeve> sleeves = new ArrayList<>();
  private final List<Opportunity> opportunities;
  private final List<String> excluded;
  private final BacktestConfig config;
  private final PortfolioSettings settings;
  private final AllocationPolicy policy;
  private final VenueTransfers transfers;
  private final CashRebalancer cash;
  private final LegTargets legs;
  private DailyLossBudget lossBudget = DailyLossBudget.NEW;
  private int lossHalts;
  private final int[] longVenue;
  private final int[] shortVenue;
  private final double[] longCapital;
  private final double[] shortCapital;
  private final long[] lot;
  private final double[] roundTripCost;
  private final double reserve;
  private final long oneOpportunity;
  private final boolean[] advanced;
  private final double[] weights;
  private final double[] previous;
  private long peak;
  // Scratch for each decision, kept to spare the replay loop an allocation per step.
  private final double[] notional;
  private final double[] need;
  private final double[] scale;
  private final double[] perVenue;
  private final long[] venueEquity;
  private final EquityCurve equity;
  private final AllocationHistory history;
  private final State state = new State();
  private int invalidWeights;
  private long now;

  /**
   * @param offered the opportunities ({@link Opportunities#of}), decided once from the data before
   *     any run: which venue pairs' bars can carry a cross-venue position is a property of the data
   *     set, and the runs compared must see the same opportunities
   * @param config the portfolio's sizing (total capital, reserve, leverage), planner, warm-up
   *     ({@code tradeFrom}) and whether details are recorded; its strategy name is not used
   */
  public MultiVenueBacktester(List<VenueMarket> venues, Opportunities.Offered offered, BacktestConfig config,
      PortfolioSettings settings, AllocationPolicy policy) {
    this(venues, offered, config, settings, policy, null);
  }

  /**
   * A portfolio whose legs are traded elsewhere (a node: each venue asset's order actor): the same
   * venues, allocation, limits and transfers, stepped by {@link #nextDecision}, {@link #plan},
   * {@link #submit} and {@link #settleDecision} instead of {@link #run}.
   *
   * @param reports each venue's execution reports besides its mirror (by venue index), or null
   */
  public MultiVenueBacktester(List<VenueMarket> venues, Opportunities.Offered offered, BacktestConfig config,
      PortfolioSettings settings, AllocationPolicy policy, List<VenueReport.Collector> reports) {
    if (venues.isEmpty()) {
      throw new IllegalArgumentException("a portfolio needs at least one venue");
    }
    this.config = config;
    this.settings = settings;
    this.policy = policy;
    Sizing sizing = config.sizing();
    this.reserve = Rate.toDouble(sizing.reserve());
    // Bands (rebalance, delta tolerance) are shares of what one opportunity may hold at most.
    this.oneOpportunity = opportunityNotional(sizing, settings.limits());
    long share = sizing.capital() / venues.size();
    int groups = 0;
    for (int v = 0; v < venues.size(); v++) {
      VenueMarket market = venues.get(v);
      long capital = v == 0 ? sizing.capital() - share * (venues.size() - 1) : share;
      BacktestConfig venueConfig = new BacktestConfig(policy.name(), config.strategySettings(),
          new Sizing(capital, sizing.reserve(), sizing.leverage()), market.venue(), config.planner(),
          config.recordDetails(), config.tradeFrom());
      VenueSleeve sleeve = new VenueSleeve(market, venueConfig, oneOpportunity, reports == null ? null : reports.get(v));
      sleeves.add(sleeve);
      groups = Math.max(groups, sleeve.exchange().tape().groups());
    }
    this.legs = new LegTargets(sleeves, Rate.apply(oneOpportunity, config.planner().deltaTolerance(), RoundingMode.DOWN));
    this.advanced = new boolean[venues.size()];
    this.need = new double[venues.size()];
    this.scale = new double[venues.size()];
    this.perVenue = new double[venues.size()];
    this.venueEquity = new long[venues.size()];
    this.opportunities = offered.opportunities();
    this.excluded = offered.excluded();
    int n = opportunities.size();
    this.longVenue = new int[n];
    this.shortVenue = new int[n];
    this.longCapital = new double[n];
    this.shortCapital = new double[n];
    this.lot = new long[n];
    this.roundTripCost = new double[n];
    double margin = 1.0 / sizing.leverage();
    for (int o = 0; o < n; o++) {
      Opportunity op = opportunities.get(o);
      longVenue[o] = op.longLeg().venue();
      shortVenue[o] = op.shortLeg().venue();
      longCapital[o] = op.longLeg().perp() ? margin : 1;
      shortCapital[o] = margin;
      lot[o] = Math.max(venues.get(longVenue[o]).universe().pair(op.longLeg().asset()).hedgeLot(),
          venues.get(shortVenue[o]).universe().pair(op.shortLeg().asset()).hedgeLot());
      roundTripCost[o] = Opportunities.roundTripCost(op, venues);
    }
    this.weights = new double[n];
    this.previous = new double[n];
    this.notional = new double[n];
    this.transfers = new VenueTransfers(sleeves, settings.transfers());
    this.cash = new CashRebalancer(sleeves, transfers, reserve, settings.minTransfer());
    this.equity = new EquityCurve(groups);
    this.history = new AllocationHistory(opportunities);
  }

  /** Replays the whole data, the policy deciding at every step from {@code tradeFrom} on. */
  public PortfolioResult run() {
    while (nextDecision()) {
      decide();
    }
    return result();
  }

  /**
   * Replays up to the next step at which the portfolio decides (every step from the config's
   * {@code tradeFrom} on); false at the end of the data. Each step applies the venues' events due
   * at the earliest next time on any venue, then the transfers that arrived by then.
   */
  public boolean nextDecision() {
    while (true) {
      long t = Long.MAX_VALUE;
      for (int v = 0; v < sleeves.size(); v++) { // indexed: no iterator per step
        t = Math.min(t, sleeves.get(v).exchange().nextTime());
      }
      if (t == Long.MAX_VALUE) {
        return false;
      }
      now = t;
      for (int v = 0; v < sleeves.size(); v++) {
        VenueSleeve s = sleeves.get(v);
        advanced[v] = s.exchange().nextTime() == t;
        if (advanced[v]) {
          s.exchange().advance();
          s.trader().endMarketStep();
        }
      }
      transfers.settle(t);
      if (t >= config.tradeFrom()) {
        return true;
      }
    }
  }

  /** Opportunity {@code o}'s share after the limits at the last decision. */
  public double weight(int o) {
    return weights[o];
  }

  /** What the policy sees at this step. */
  public AllocationState state() {
    return state;
  }

  /**
   * The policy allocates at this step; the portfolio trades toward the projected allocation,
   * moves cash toward where the legs need it and records its equity.
   */
  public void decide() {
    allocate();
    legs.send();
    settleDecision();
  }

  /**
   * The policy allocates at this step and the limits project it; returns the legs each venue's
   * assets should now hold, in the order they trade. For a node: hand each to its asset's order
   * actor, {@link #submit} what it sends, then {@link #settleDecision}.
   */
  public PlannedLegs plan() {
    allocate();
    legs.plan();
    return legs;
  }

  /** Requests an asset's order actor sent: the venue's mirror tracks them, the venue takes them in order. */
  public void submit(int venue, int asset, List<VenueRequest> requests) {
    sleeves.get(venue).submit(asset, requests);
  }

  /** After the step's legs traded: cash moves toward where the legs need it, and equity is recorded. */
  public void settleDecision() {
    cash.rebalance(stepEquity(), need, venueEquity, now);
    record(now);
  }

  /** The portfolio's equity now (Fixed): every venue valued at its last prices, plus cash in transit. */
  public long equityNow() {
    long total = transfers.inTransit();
    for (int v = 0; v < sleeves.size(); v++) {
      total += sleeves.get(v).equity();
    }
    return total;
  }

  private void allocate() {
    System.arraycopy(weights, 0, previous, 0, weights.length);
    // Venue equities, valued once per step: nothing the decision does changes them until the
    // venues handle its requests (a transfer is booked in the rebalancer's own gaps).
    for (int v = 0; v < sleeves.size(); v++) {
      venueEquity[v] = sleeves.get(v).valueForDecision();
    }
    Arrays.fill(weights, 0);
    policy.allocate(state, weights);
    invalidWeights += settings.limits().project(weights, longVenue, shortVenue, perVenue);
    // The daily loss rule is the portfolio's, not each venue account's: a venue holding one leg of a
    // position hedged on another swings with the price by design.
    lossBudget = lossBudget.update(now, stepEquity(), settings.maxDailyLoss());
    if (lossBudget.spent()) {
      Arrays.fill(weights, 0);
      lossHalts++;
    }
    history.record(now, weights);
    // A share is of the configured capital, not of today's equity: as in a single-venue run,
    // positions do not compound, so the portfolio's rows compare with the venues' rows. The share,
    // less the reserve, pays for both legs: spot its notional, a perp its initial margin.
    // need[v]: the equity venue v needs for its legs, reserve included.
    double capital = config.sizing().capital();
    Arrays.fill(need, 0);
    for (int o = 0; o < weights.length; o++) {
      notional[o] = weights[o] * capital * (1 - reserve) / (longCapital[o] + shortCapital[o]);
      need[longVenue[o]] += notional[o] * longCapital[o] / (1 - reserve);
      need[shortVenue[o]] += notional[o] * shortCapital[o] / (1 - reserve);
    }
    for (int v = 0; v < scale.length; v++) {
      double held = venueEquity[v] - sleeves.get(v).marginSlack();
      scale[v] = need[v] > held ? Math.max(0, held) / need[v] : 1;
    }
    legs.clear();
    for (int o = 0; o < weights.length; o++) {
      if (notional[o] > 0) {
        legs.add(opportunities.get(o), lot[o], notional[o] * Math.min(scale[longVenue[o]], scale[shortVenue[o]]));
      }
    }
  }

  /** The portfolio's equity from this step's venue valuations. */
  private long stepEquity() {
    long total = transfers.inTransit();
    for (long e : venueEquity) {
      total += e;
    }
    return total;
  }

  private void record(long t) {
    boolean open = false;
    long total = transfers.inTransit();
    for (int v = 0; v < sleeves.size(); v++) {
      SimulatedExchange exchange = sleeves.get(v).exchange();
      long value = sleeves.get(v).equityAfterDecision(); // valued once per step, in the decision
      exchange.recordEquity(t, value);
      total += value;
      open |= exchange.portfolio().inMarket();
    }
    equity.record(t, total, open);
    peak = Math.max(peak, total);
  }

  /** Venue {@code venue}'s simulated exchange: its books, market, universe and each asset's market step. */
  public SimulatedExchange exchange(int venue) {
    return sleeves.get(venue).exchange();
  }

  public int venues() {
    return sleeves.size();
  }

  /** Whether venue {@code venue}'s market moved at this step (venues whose bars are due at other times wait). */
  public boolean advanced(int venue) {
    return advanced[venue];
  }

  /**
   * What one opportunity may hold at most (Fixed): the notional an asset's bands are shares of, on
   * every venue (an asset's order actor plans with it as its max notional).
   */
  public long opportunityNotional() {
    return oneOpportunity;
  }

  /** {@link #opportunityNotional()} of a portfolio sized by {@code sizing} under {@code limits}. */
  public static long opportunityNotional(Sizing sizing, AllocationLimits limits) {
    return Rate.apply(sizing.maxNotional(1), Rate.ofDouble(limits.maxPerOpportunity()), RoundingMode.DOWN);
  }

  /** The time of the step being decided. */
  public long now() {
    return now;
  }

  /** Venue {@code venue}'s own books, to reconcile against the engine's mirror of them. */
  public Ledger venueLedger(int venue) {
    return sleeves.get(venue).exchange().venue().ledger();
  }

  /** The portfolio's result so far (at the end of the data, the run's). */
  public PortfolioResult result() {
    Attribution attribution = Attribution.NONE;
    List<BacktestResult> venues = new ArrayList<>();
    for (VenueSleeve s : sleeves) {
      attribution = attribution.plus(Attribution.of(s.exchange().portfolio()));
      venues.add(s.exchange().result());
    }
    Map<String, Long> funding = new LinkedHashMap<>();
    for (VenueSleeve s : sleeves) {
      Universe universe = s.market().universe();
      for (int a = 0; a < universe.assetCount(); a++) {
        funding.put(universe.pair(a).asset().toString(), s.exchange().portfolio().ledger().funding(Universe.perpIndex(a)));
      }
    }
    return new PortfolioResult(policy.name(),
        MetricsCalculator.compute(equity, config.sizing().capital(), attribution.withExtraFees(transfers.feesPaid())),
        equity, venues, history, funding, transfers.sent(), transfers.feesPaid(), invalidWeights, lossHalts, excluded);
  }

  /** The policy's window on the portfolio: each venue's own view of its assets, nothing from later steps. */
  private final class State implements AllocationState {
    @Override
    public List<Opportunity> opportunities() {
      return opportunities;
    }

    @Override
    public AssetView view(int venue, int asset) {
      return sleeves.get(venue).trader().view(asset);
    }

    @Override
    public double annualFunding(int o, int settlements) {
      Opportunity op = opportunities.get(o);
      double earned = annual(op.shortLeg(), settlements);
      return op.longLeg().perp() ? earned - annual(op.longLeg(), settlements) : earned;
    }

    private double annual(Opportunity.Leg perp, int settlements) {
      VenueSleeve sleeve = sleeves.get(perp.venue());
      return view(perp.venue(), perp.asset()).fundingAverage(settlements) * Times.YEAR_MS
          / sleeve.fundingIntervalMs(perp.asset());
    }

    @Override
    public double roundTripCost(int o) {
      return roundTripCost[o];
    }

    @Override
    public long time() {
      return now;
    }

    @Override
    public double weight(int o) {
      return previous[o];
    }

    @Override
    public double drawdown() {
      return peak <= 0 || equity.size() == 0 ? 0 : 1 - (double) equity.equity(equity.size() - 1) / peak;
    }
  }
}
