package io.fundarb.ops.allocator;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.AllocatorEnv;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.models.allocator.AllocatorTrainer;
import io.fundarb.models.ppo.EpochStats;
import io.fundarb.models.ppo.PpoConfig;
import io.fundarb.ops.config.FundarbConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One portfolio over venues, as every allocator command sees it: each venue's data loaded once,
 * the opportunities decided once on all of it, and the runs (a policy over the portfolio, one
 * venue's baseline, a training) over any window of it. Every run trades from the window's start
 * after the same month of warm-up.
 */
public final class PortfolioPlan {
  /** Initial exploration of each output: a standard deviation of about 0.22 of its [0, 1] range. */
  private static final float INITIAL_LOG_STD = -1.5f;
  private final FundarbConfig config;
  private final AllocatorSettings settings;
  private final Path dataDir;
  private final List<MarketData> data = new ArrayList<>();
  private final List<VenueMarket> all = new ArrayList<>();
  private final Opportunities.Offered withCross;
  private final Opportunities.Offered carryOnly;

  public PortfolioPlan(FundarbConfig config, AllocatorSettings settings, Path dataDir, List<String> venues,
      List<String> symbols, boolean lenient) {
    this.config = config;
    this.settings = settings;
    this.dataDir = dataDir;
    DataCatalog catalog = DataCatalog.scan(dataDir);
    for (String venue : venues) {
      MarketData market = MarketDataLoader.load(catalog, new MarketDataLoader.Request(venue, symbols, 0,
          Long.MIN_VALUE + 1, Long.MAX_VALUE, lenient)).data();
      data.add(market);
      all.add(new VenueMarket(market, config.universe(venue, symbols), config.simVenue(venue, null)));
    }
    this.withCross = Opportunities.of(all, true);
    this.carryOnly = Opportunities.of(all, false);
  }

  /** The opportunities over the whole data: which venue pairs line up is a property of the data set. */
  public Opportunities.Offered offered(boolean crossVenue) {
    return crossVenue ? withCross : carryOnly;
  }

  public PortfolioSettings portfolio(boolean crossVenue) {
    PortfolioSettings p = config.portfolio();
    return new PortfolioSettings(p.limits(), p.transfers(), p.minTransfer(), crossVenue, p.maxDailyLoss());
  }

  /** Each venue's data over [from - warm-up, to). */
  public List<VenueMarket> markets(long from, long to) {
    List<VenueMarket> out = new ArrayList<>();
    for (VenueMarket v : all) {
      out.add(new VenueMarket(v.data().slice(from - AllocatorEnv.WARM_UP_MS, to), v.universe(), v.venue()));
    }
    return out;
  }

  private BacktestConfig base(String name, long from) {
    return new BacktestConfig(name, config.strategySettings("carry"), config.sizing(), all.get(0).venue(),
        config.planner(), true, from);
  }

  /** {@code policy} over the portfolio, trading from {@code from} to {@code to}. */
  public PortfolioResult portfolio(AllocationPolicy policy, long from, long to, boolean crossVenue) {
    return new MultiVenueBacktester(markets(from, to), offered(crossVenue), base(policy.name(), from),
        portfolio(crossVenue), policy).run();
  }

  /** A configured baseline ({@code split}, {@code rotation}) over the portfolio. */
  public PortfolioResult baseline(String name, long from, long to) {
    return portfolio(config.portfolioBaseline(name), from, to, config.portfolio().crossVenue());
  }

  /** A single-venue strategy (carry, flat, ...) on venue {@code v} with the whole capital. */
  public BacktestResult single(int v, String strategy, long from, long to) {
    VenueMarket m = markets(from, to).get(v);
    BacktestConfig run = new BacktestConfig(strategy, config.strategySettings(strategy), config.sizing(), m.venue(),
        config.planner(), true, from);
    return new Backtester(m.data(), m.universe(), run).run();
  }

  /** Trains an allocator on [from, to) (plus the warm-up before it) and saves it at {@code params}. */
  public AllocatorTrainer.Result train(long from, long to, long seed, boolean crossVenue, Path params,
      Consumer<EpochStats> progress) throws IOException {
    PpoConfig ppo = PpoConfig.builder(settings.hidden(), seed).learningRate(settings.learningRate(), 0.1f)
        .rollout(settings.envs(), settings.rolloutSteps()).exploration(INITIAL_LOG_STD).build();
    var setup = new AllocatorTrainer.Setup(markets(from, to), offered(crossVenue), from, base("allocator", from),
        portfolio(crossVenue), settings.reward(), ppo, settings.epochs(), settings.episodeSteps(), settings.decideEvery(), settings.deadband(),
        settings.prior(),
        dataDir.toString());
    return AllocatorTrainer.train(setup, params, progress);
  }

  public List<String> venues() {
    return all.stream().map(VenueMarket::name).toList();
  }

  /** The latest time every venue has data for. */
  public long dataTo() {
    return data.stream().mapToLong(MarketData::to).min().orElseThrow();
  }

  public AllocatorSettings settings() {
    return settings;
  }
}
