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
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
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
  private final int[] longVenue;
  private final int[] shortVenue;
  private final double[] longCapital;
  private final double[] shortCapital;
  private final long[] lot;
  private final double[] roundTripCost;
  private final double reserve;
  private final double[] weights;
  private final double[] previous;
  private long peak;
  private final long[][] spotTarget;
  private final long[][] perpTarget;
  private final int[][] symbolOf;
  private final boolean[] unhedged;
  private final long maxNotional;
  private final long tolerance; // the planner's delta tolerance, Fixed, of one opportunity's max notional
  // Scratch for each decision, kept to spare the replay loop an allocation per step.
  private final double[] notional;
  private final double[] need;
  private final double[] scale;
  private final boolean[][] grows;
  private final long[] net;
  private final long[] price;
  private final long[] gap; // > 0: cash a venue can send, < 0: cash it wants
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
    if (venues.isEmpty()) {
      throw new IllegalArgumentException("a portfolio needs at least one venue");
    }
    this.config = config;
    this.settings = settings;
    this.policy = policy;
    Sizing sizing = config.sizing();
    this.reserve = Rate.toDouble(sizing.reserve());
    // Bands (rebalance, delta tolerance) are shares of what one opportunity may hold at most.
    long oneOpportunity = Rate.apply(sizing.maxNotional(1), Rate.ofDouble(settings.limits().maxPerOpportunity()),
        RoundingMode.DOWN);
    long share = sizing.capital() / venues.size();
    int groups = 0;
    this.maxNotional = oneOpportunity;
    this.tolerance = Rate.apply(oneOpportunity, config.planner().deltaTolerance(), RoundingMode.DOWN);
    this.spotTarget = new long[venues.size()][];
    this.perpTarget = new long[venues.size()][];
    this.symbolOf = new int[venues.size()][];
    Map<String, Integer> symbols = new LinkedHashMap<>();
    for (int v = 0; v < venues.size(); v++) {
      VenueMarket market = venues.get(v);
      long capital = v == 0 ? sizing.capital() - share * (venues.size() - 1) : share;
      BacktestConfig venueConfig = new BacktestConfig(policy.name(), config.strategySettings(),
          new Sizing(capital, sizing.reserve(), sizing.leverage()), market.venue(), config.planner(),
          config.recordDetails(), config.tradeFrom());
      VenueSleeve sleeve = new VenueSleeve(market, venueConfig, oneOpportunity);
      sleeves.add(sleeve);
      groups = Math.max(groups, sleeve.exchange().tape().groups());
      spotTarget[v] = new long[market.universe().assetCount()];
      perpTarget[v] = new long[market.universe().assetCount()];
      symbolOf[v] = new int[market.universe().assetCount()];
      for (int a = 0; a < symbolOf[v].length; a++) {
        symbolOf[v][a] = symbols.computeIfAbsent(market.universe().pair(a).asset().symbol(), k -> symbols.size());
      }
    }
    this.unhedged = new boolean[symbols.size()];
    this.net = new long[symbols.size()];
    this.price = new long[symbols.size()];
    this.need = new double[venues.size()];
    this.scale = new double[venues.size()];
    this.gap = new long[venues.size()];
    this.perVenue = new double[venues.size()];
    this.venueEquity = new long[venues.size()];
    this.grows = new boolean[venues.size()][];
    for (int v = 0; v < venues.size(); v++) {
      grows[v] = new boolean[venues.get(v).universe().assetCount()];
    }
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
        if (s.exchange().nextTime() == t) {
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
    // venues handle its requests (a transfer is booked in moveCash's own gaps).
    for (int v = 0; v < sleeves.size(); v++) {
      venueEquity[v] = sleeves.get(v).equity();
    }
    Arrays.fill(weights, 0);
    policy.allocate(state, weights);
    invalidWeights += settings.limits().project(weights, longVenue, shortVenue, perVenue);
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
      Arrays.fill(spotTarget[v], 0);
      Arrays.fill(perpTarget[v], 0);
    }
    for (int o = 0; o < weights.length; o++) {
      if (notional[o] > 0) {
        hold(o, notional[o] * Math.min(scale[longVenue[o]], scale[shortVenue[o]]));
      }
    }
    checkHedges();
    for (int v = 0; v < sleeves.size(); v++) {
      trade(v);
    }
    moveCash(stepEquity(), need);
  }

  /**
   * Which assets' legs, summed over every venue, do not cancel within the planner's delta
   * tolerance (a leg filled on one venue while its hedge on another is still on its way, or was
   * refused): those legs all go to their targets now instead of waiting for the rebalance band.
   */
  private void checkHedges() {
    Arrays.fill(net, 0);
    for (int v = 0; v < sleeves.size(); v++) {
      var ledger = sleeves.get(v).exchange().portfolio().ledger();
      var market = sleeves.get(v).exchange().market();
      for (int a = 0; a < symbolOf[v].length; a++) {
        net[symbolOf[v][a]] += ledger.quantity(Universe.spotIndex(a)) + ledger.quantity(Universe.perpIndex(a));
        if (market.hasPrice(Universe.spotIndex(a))) {
          price[symbolOf[v][a]] = market.lastPrice(Universe.spotIndex(a));
        }
      }
    }
    for (int k = 0; k < unhedged.length; k++) {
      unhedged[k] = Math.abs(Fixed.mul(net[k], price[k], RoundingMode.HALF_EVEN)) > tolerance;
    }
  }

  /**
   * Sends venue {@code v}'s plans, the assets that shrink first: the venue handles requests in the
   * order they arrive, so the cash a shrinking asset frees is there when a growing one's orders are
   * handled. When the growing legs need more than the venue's free cash, the shrinking assets go
   * to their targets exactly (and square their margin) instead of resting inside their bands.
   */
  private void trade(int v) {
    VenueSleeve sleeve = sleeves.get(v);
    Ledger ledger = sleeve.exchange().portfolio().ledger();
    var market = sleeve.exchange().market();
    int assets = spotTarget[v].length;
    double growthCost = 0;
    boolean[] grows = this.grows[v];
    for (int a = 0; a < assets; a++) {
      int s = Universe.spotIndex(a);
      int p = Universe.perpIndex(a);
      double spotGrowth = Math.max(0, Math.abs(spotTarget[v][a]) - Math.abs(ledger.quantity(s)));
      double perpGrowth = Math.max(0, Math.abs(perpTarget[v][a]) - Math.abs(ledger.quantity(p)));
      grows[a] = Math.abs(spotTarget[v][a]) + Math.abs(perpTarget[v][a])
          > Math.abs(ledger.quantity(s)) + Math.abs(ledger.quantity(p));
      if (grows[a]) {
        growthCost += spotGrowth * market.lastPrice(s) / Fixed.ONE
            + perpGrowth * market.lastPrice(p) / Fixed.ONE / ledger.leverage(p);
      }
    }
    boolean tight = growthCost > ledger.cash();
    for (int pass = 0; pass < 2; pass++) {
      for (int a = 0; a < assets; a++) {
        if (grows[a] == (pass == 1)) {
          boolean carryOnly = spotTarget[v][a] == -perpTarget[v][a];
          boolean unhedgedNow = carryOnly ? carryUnhedged(v, a, ledger) : unhedged[symbolOf[v][a]];
          sleeve.trader().setLegs(a, spotTarget[v][a], perpTarget[v][a], unhedgedNow || tight && !grows[a]);
        }
      }
    }
  }

  /**
   * Whether venue {@code v}'s two legs of the asset do not cancel there, for a venue that holds
   * only carry in it (spot against its own perp). Legs whose hedge is on another venue are judged
   * over the whole portfolio ({@link #checkHedges}); a carry is held to its own venue, as in a
   * single-venue run, so two venues' carries off in opposite directions are not left off.
   */
  private boolean carryUnhedged(int v, int a, Ledger ledger) {
    var market = sleeves.get(v).exchange().market();
    long net = ledger.quantity(Universe.spotIndex(a)) + ledger.quantity(Universe.perpIndex(a));
    return market.hasPrice(Universe.spotIndex(a))
        && Math.abs(Fixed.mul(net, market.lastPrice(Universe.spotIndex(a)), RoundingMode.HALF_EVEN)) > tolerance;
  }


  /** Adds opportunity {@code o}'s legs at {@code notional} (Fixed, as a double) to its venues' targets. */
  private void hold(int o, double notional) {
    Opportunity op = opportunities.get(o);
    Opportunity.Leg longLeg = op.longLeg();
    var market = sleeves.get(longLeg.venue()).exchange().market();
    int instrument = longLeg.perp() ? Universe.perpIndex(longLeg.asset()) : Universe.spotIndex(longLeg.asset());
    if (!market.hasPrice(instrument)) {
      return;
    }
    long quantity = Fixed.truncateToStep(Fixed.div((long) notional, market.lastPrice(instrument), RoundingMode.DOWN),
        lot[o]);
    if (longLeg.perp()) {
      perpTarget[longLeg.venue()][longLeg.asset()] += quantity;
    } else {
      spotTarget[longLeg.venue()][longLeg.asset()] += quantity;
    }
    perpTarget[op.shortLeg().venue()][op.shortLeg().asset()] -= quantity;
  }

  /** Sends cash from venues above their share of what the legs need to venues below it, largest gaps first. */
  private void moveCash(double total, double[] share) {
    double allocated = 0;
    for (double s : share) {
      allocated += s;
    }
    if (allocated <= 0) {
      return; // nothing to hold: no reason to pay for moving cash
    }
    for (int v = 0; v < sleeves.size(); v++) {
      VenueSleeve s = sleeves.get(v);
      double target = total * share[v] / allocated;
      long held = venueEquity[v] + transfers.incoming(v);
      gap[v] = (long) (held - target);
      if (gap[v] > 0) {
        long spare = s.settled() ? s.freeCash() - (long) (reserve * target) : 0;
        gap[v] = Math.max(0, Math.min(gap[v], spare));
      }
    }
    while (true) {
      int from = argMax(gap);
      int to = argMin(gap);
      if (from < 0 || to < 0) {
        return;
      }
      long amount = Math.min(gap[from], -gap[to]);
      if (amount < settings.minTransfer() || amount <= transfers.fee(amount)) {
        return;
      }
      transfers.send(from, to, amount, now);
      gap[from] -= amount;
      gap[to] += amount;
    }
  }

  private static int argMax(long[] values) {
    int best = -1;
    for (int v = 0; v < values.length; v++) {
      if (values[v] > 0 && (best < 0 || values[v] > values[best])) {
        best = v;
      }
    }
    return best;
  }

  private static int argMin(long[] values) {
    int best = -1;
    for (int v = 0; v < values.length; v++) {
      if (values[v] < 0 && (best < 0 || values[v] < values[best])) {
        best = v;
      }
    }
    return best;
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
      long value = exchange.equityNow();
      exchange.recordEquity(t, value);
      total += value;
      open |= exchange.portfolio().inMarket();
    }
    equity.record(t, total, open);
    peak = Math.max(peak, total);
  }

  /** Venue {@code venue}'s own books, to reconcile against the engine's mirror of them. */
  public Ledger venueLedger(int venue) {
    return sleeves.get(venue).exchange().venue().ledger();
  }

  private PortfolioResult result() {
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
        equity, venues, history, funding, transfers.sent(), transfers.feesPaid(), invalidWeights, excluded);
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
    public int venues() {
      return sleeves.size();
    }

    @Override
    public double weight(int o) {
      return previous[o];
    }

    @Override
    public double drawdown() {
      return peak <= 0 || equity.size() == 0 ? 0 : 1 - (double) equity.equity(equity.size() - 1) / peak;
    }

    @Override
    public double venueShare(int venue) {
      double total = stepEquity();
      return total <= 0 ? 0 : venueEquity[venue] / total;
    }
  }
}
