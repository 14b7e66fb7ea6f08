package io.fundarb.engine.multivenue;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.backtest.Attribution;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.MetricsCalculator;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A backtest of one portfolio holding an account on each of several venues. The venues replay on
 * one clock; after each step's market events the policy allocates the portfolio over the
 * opportunities (every asset's spot-perp carry on every venue), the {@link AllocationLimits} project
 * the allocation, each venue's account trades toward its share with the capital it holds, and cash
 * moves between venues toward the allocation ({@link VenueTransfers}: fee and delay).
 *
 * <p>Capital starts split evenly over the venues. A venue trades only with what it holds: until a
 * transfer arrives, a venue whose share grew holds a smaller position than its share. Each venue
 * keeps the sizing reserve of its own equity for margin top-ups; a transfer only takes cash beyond
 * it, and only from a venue with nothing in flight.
 */
public final class MultiVenueBacktester {
  private final List<VenueSleeve> sleeves = new ArrayList<>();
  private final List<Opportunity> opportunities = new ArrayList<>();
  private final BacktestConfig config;
  private final PortfolioSettings settings;
  private final AllocationPolicy policy;
  private final VenueTransfers transfers;
  private final int[] venueOf;
  private final long maxNotional;
  private final double deployable;
  private final double reserve;
  private final double[] weights;
  private final EquityCurve equity;
  private final AllocationHistory history;
  private final State state = new State();
  private int invalidWeights;
  private long now;

  /**
   * @param config the portfolio's sizing (total capital, reserve, leverage), planner, warm-up
   *     ({@code tradeFrom}) and whether details are recorded; its strategy name is not used
   */
  public MultiVenueBacktester(List<VenueMarket> venues, BacktestConfig config, PortfolioSettings settings,
      AllocationPolicy policy) {
    if (venues.isEmpty()) {
      throw new IllegalArgumentException("a portfolio needs at least one venue");
    }
    this.config = config;
    this.settings = settings;
    this.policy = policy;
    Sizing sizing = config.sizing();
    this.reserve = Rate.toDouble(sizing.reserve());
    this.deployable = (1 - reserve) * sizing.leverage() / (sizing.leverage() + 1.0);
    long oneOpportunity = Rate.apply(sizing.maxNotional(1), Rate.ofDouble(settings.limits().maxPerOpportunity()),
        RoundingMode.DOWN);
    long share = sizing.capital() / venues.size();
    int groups = 0;
    for (int v = 0; v < venues.size(); v++) {
      VenueMarket market = venues.get(v);
      long capital = v == 0 ? sizing.capital() - share * (venues.size() - 1) : share;
      BacktestConfig venueConfig = new BacktestConfig(policy.name(), config.strategySettings(),
          new Sizing(capital, sizing.reserve(), sizing.leverage()), market.venue(), config.planner(),
          config.recordDetails(), config.tradeFrom());
      VenueSleeve sleeve = new VenueSleeve(market, venueConfig, oneOpportunity);
      sleeves.add(sleeve);
      groups = Math.max(groups, sleeve.exchange().tape().groups());
      for (int a = 0; a < market.universe().assetCount(); a++) {
        opportunities.add(new Opportunity(v, a, market.universe().pair(a).asset()));
      }
    }
    this.venueOf = opportunities.stream().mapToInt(Opportunity::venue).toArray();
    this.maxNotional = oneOpportunity;
    this.weights = new double[opportunities.size()];
    this.transfers = new VenueTransfers(sleeves, settings.transfers());
    this.equity = new EquityCurve(groups);
    this.history = new AllocationHistory(opportunities);
  }

  public PortfolioResult run() {
    while (true) {
      long t = Long.MAX_VALUE;
      for (VenueSleeve s : sleeves) {
        t = Math.min(t, s.exchange().nextTime());
      }
      if (t == Long.MAX_VALUE) {
        break;
      }
      now = t;
      for (VenueSleeve s : sleeves) {
        if (s.exchange().nextTime() == t) {
          s.exchange().advance();
          s.trader().endMarketStep();
        }
      }
      transfers.settle(t);
      if (t >= config.tradeFrom()) {
        decide();
        record(t);
      }
    }
    return result();
  }

  private void decide() {
    Arrays.fill(weights, 0);
    policy.allocate(state, weights);
    invalidWeights += settings.limits().project(weights, venueOf, sleeves.size());
    history.record(now, weights);
    double total = portfolioEquity();
    double[] wanted = new double[sleeves.size()];
    for (int o = 0; o < weights.length; o++) {
      wanted[venueOf[o]] += weights[o] * total * deployable;
    }
    for (int o = 0; o < weights.length; o++) {
      Opportunity opportunity = opportunities.get(o);
      VenueSleeve sleeve = sleeves.get(opportunity.venue());
      double capacity = sleeve.equity() * deployable;
      double scale = wanted[opportunity.venue()] > capacity ? capacity / wanted[opportunity.venue()] : 1;
      double notional = weights[o] * total * deployable * scale;
      sleeve.trader().setTarget(opportunity.asset(), Math.min(1, notional / maxNotional));
    }
    moveCash(total);
  }

  /** Sends cash from venues above their share to venues below it, largest gaps first. */
  private void moveCash(double total) {
    double[] share = new double[sleeves.size()];
    double allocated = 0;
    for (int o = 0; o < weights.length; o++) {
      share[venueOf[o]] += weights[o];
      allocated += weights[o];
    }
    if (allocated <= 0) {
      return; // nothing to hold: no reason to pay for moving cash
    }
    long[] gap = new long[sleeves.size()]; // > 0: cash to send, < 0: cash wanted
    for (int v = 0; v < sleeves.size(); v++) {
      VenueSleeve s = sleeves.get(v);
      double target = total * share[v] / allocated;
      long held = s.equity() + transfers.incoming(v);
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

  private long portfolioEquity() {
    long total = transfers.inTransit();
    for (VenueSleeve s : sleeves) {
      total += s.equity();
    }
    return total;
  }

  private void record(long t) {
    boolean open = false;
    for (VenueSleeve s : sleeves) {
      s.exchange().record(t);
      open |= s.exchange().portfolio().inMarket();
    }
    equity.record(t, portfolioEquity(), open);
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
    long[] funding = new long[opportunities.size()];
    for (int o = 0; o < funding.length; o++) {
      Opportunity op = opportunities.get(o);
      funding[o] = sleeves.get(op.venue()).exchange().portfolio().ledger().funding(Universe.perpIndex(op.asset()));
    }
    return new PortfolioResult(policy.name(),
        MetricsCalculator.compute(equity, config.sizing().capital(), attribution.withExtraFees(transfers.feesPaid())),
        equity, venues, history, funding, transfers.sent(), transfers.feesPaid(), invalidWeights);
  }

  /** The policy's window on the portfolio: each venue's own view of its assets, nothing from later steps. */
  private final class State implements AllocationState {
    @Override
    public List<Opportunity> opportunities() {
      return opportunities;
    }

    @Override
    public AssetView view(int o) {
      Opportunity op = opportunities.get(o);
      return sleeves.get(op.venue()).trader().view(op.asset());
    }

    @Override
    public double annualFunding(int o, int settlements) {
      Opportunity op = opportunities.get(o);
      VenueSleeve sleeve = sleeves.get(op.venue());
      return view(o).fundingAverage(settlements) * Times.YEAR_MS / sleeve.fundingIntervalMs(op.asset());
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
    public double venueShare(int venue) {
      double total = portfolioEquity();
      return total <= 0 ? 0 : sleeves.get(venue).equity() / total;
    }
  }
}
