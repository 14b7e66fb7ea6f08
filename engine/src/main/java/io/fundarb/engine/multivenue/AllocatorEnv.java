package io.fundarb.engine.multivenue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The learned allocator's training ground: an episode is a portfolio backtest
 * ({@link MultiVenueBacktester}, the same venues, accounts, limits and transfers as a real run)
 * over {@code episodeSteps} steps starting at a random step of the training range, after a month
 * of warm-up the funding windows need. The allocator decides every {@code decideEvery} steps
 * (a week of 8-hour steps by default, the rotation's minimum hold): its action becomes the
 * allocation ({@link AllocatorAction}), which the portfolio holds and trades until the next
 * decision; the reward ({@link AllocatorReward}) is what those steps did to the portfolio.
 * Deciding per step would let per-step exploration noise churn the book, and funding regimes do
 * not change by the hour.
 */
public final class AllocatorEnv {
  /** Data before an episode's first decision: the longest funding window (90 settlements at 8 h). */
  public static final long WARM_UP_MS = 30 * Times.DAY_MS;

  private final List<VenueMarket> venues;
  private final Opportunities.Offered offered;
  private final BacktestConfig config;
  private final PortfolioSettings settings;
  private final AllocatorReward reward;
  private final int episodeSteps;
  private final double deadband;
  private final int decideEvery;
  private final long stepMs;
  private final long firstStart;
  private final int starts;
  private final SplittableRandom random;
  private final Action action = new Action();
  private final double capital;
  private MultiVenueBacktester episode;
  private int step;
  private boolean done;
  private long equity;
  private long peak;
  private double drawdown;

  /**
   * @param venues each venue's data over the training range (and the warm-up before it, if any)
   * @param offered the opportunities, decided on the same data ({@link Opportunities#of})
   * @param decideEvery steps between the allocator's decisions; the allocation is held in between
   * @param deadband see {@link AllocatorAction}
   * @param trainFrom first time an episode may start; the month before it is warm-up when the data has it
   */
  public AllocatorEnv(List<VenueMarket> venues, Opportunities.Offered offered, BacktestConfig config,
      PortfolioSettings settings, AllocatorReward reward, int episodeSteps, int decideEvery, double deadband,
      long trainFrom, long seed) {
    this.venues = List.copyOf(venues);
    this.offered = offered;
    this.config = config;
    this.settings = settings;
    this.reward = reward;
    this.episodeSteps = episodeSteps;
    this.deadband = deadband;
    this.decideEvery = decideEvery;
    if (decideEvery < 1) {
      throw new IllegalArgumentException("the allocator decides every one or more steps");
    }
    MarketData first = venues.get(0).data();
    this.stepMs = first.assets().get(0).perp().intervalMs();
    long dataFrom = venues.stream().mapToLong(v -> v.data().from()).max().orElseThrow();
    long dataTo = venues.stream().mapToLong(v -> v.data().to()).min().orElseThrow();
    this.firstStart = Math.max(trainFrom, dataFrom + WARM_UP_MS);
    long span = dataTo - firstStart - (episodeSteps + 1L) * stepMs;
    if (episodeSteps < 1 || span < 0) {
      throw new IllegalArgumentException("the training range holds no episode of " + episodeSteps + " steps after "
          + Times.format(firstStart) + " (a month of warm-up comes first)");
    }
    this.starts = (int) (span / stepMs) + 1;
    this.random = new SplittableRandom(seed);
    this.capital = config.sizing().capital();
  }

  public int observationSize() {
    return AllocatorInputs.size(offered.opportunities().size());
  }

  public int actionSize() {
    return offered.opportunities().size();
  }

  /** Starts a new episode at a random step and writes its first observation. */
  public void reset(float[] observation, int offset) {
    long start = firstStart + stepMs * random.nextInt(starts);
    long end = start + (episodeSteps + 1L) * stepMs;
    List<VenueMarket> slice = new ArrayList<>(venues.size());
    for (VenueMarket v : venues) {
      slice.add(new VenueMarket(v.data().slice(start - WARM_UP_MS, end), v.universe(), v.venue()));
    }
    episode = new MultiVenueBacktester(slice, offered, config.withTradeFrom(start), settings, action);
    done = !episode.nextDecision();
    step = 0;
    equity = episode.equityNow();
    peak = equity;
    drawdown = 0;
    AllocatorInputs.observe(episode.state(), observation, offset);
  }

  /**
   * Trades {@code actions[offset ..]}, holds that allocation until the next decision (or the end of
   * the episode) and writes the observation there; returns the reward of the steps in between.
   */
  public double step(float[] actions, int offset, float[] observation, int observationOffset) {
    action.set(actions, offset);
    double total = 0;
    for (int k = 0; k < decideEvery && !done; k++) {
      episode.decide();
      double turnover = 0;
      for (int o = 0; o < actionSize(); o++) {
        turnover += Math.abs(episode.weight(o) - episode.state().weight(o));
      }
      action.hold();
      done = !episode.nextDecision() || ++step >= episodeSteps;
      long now = episode.equityNow();
      double pnl = (now - equity) / capital;
      equity = now;
      peak = Math.max(peak, now);
      double deeper = Math.max(0, (1 - (double) now / peak) - drawdown);
      drawdown = 1 - (double) now / peak;
      total += reward.of(pnl, turnover, deeper);
    }
    AllocatorInputs.observe(episode.state(), observation, observationOffset);
    return total;
  }

  public boolean done() {
    return done;
  }

  /** The episode portfolio's equity at its last step (Fixed). */
  public long episodeEquity() {
    return equity;
  }

  /** Opportunity {@code o}'s share after the limits at the last step. */
  public double weight(int o) {
    return episode.weight(o);
  }

  /** Hands the decision's action to the portfolio as its policy, then holds what it allocated. */
  private final class Action implements AllocationPolicy {
    private float[] values;
    private int offset;

    void set(float[] values, int offset) {
      this.values = values;
      this.offset = offset;
    }

    void hold() {
      values = null;
    }

    @Override
    public String name() {
      return "allocator";
    }

    @Override
    public void allocate(AllocationState state, double[] weights) {
      if (values == null) {
        AllocatorAction.hold(state, weights);
      } else {
        AllocatorAction.toWeights(values, offset, settings.limits().maxPerOpportunity(), deadband, state, weights);
      }
    }
  }
}
