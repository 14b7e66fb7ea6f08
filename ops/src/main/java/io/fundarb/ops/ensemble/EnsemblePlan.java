package io.fundarb.ops.ensemble;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.EnsembleTrainer;
import io.fundarb.models.ensemble.MetaTrainer;
import io.fundarb.models.ppo.PpoConfig;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.rl.WindowSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything the ensemble commands share: the market data of the configured venue and symbols
 * (loaded once), and how to train an ensemble or a meta controller on a range and backtest a
 * policy on another, each with the warm-up lead before its range and nothing after it.
 */
public final class EnsemblePlan {
  private final FundarbConfig config;
  private final EnsembleSettings settings;
  private final MarketData all;
  private final Universe universe;
  private final Path dataDir;

  private EnsemblePlan(FundarbConfig config, EnsembleSettings settings, MarketData all, Universe universe, Path dataDir) {
    this.config = config;
    this.settings = settings;
    this.all = all;
    this.universe = universe;
    this.dataDir = dataDir;
  }

  public static EnsemblePlan open(FundarbConfig config, EnsembleSettings settings, Path dataDir, List<String> symbols)
      throws IOException {
    MarketData all = MarketDataLoader.load(DataCatalog.scan(dataDir), new MarketDataLoader.Request(config.venue(),
        symbols, 0, Long.MIN_VALUE + 1, Long.MAX_VALUE, false)).data();
    return new EnsemblePlan(config, settings, all, config.universe(config.venue(), symbols), dataDir);
  }

  public MarketData data() {
    return all;
  }

  public EnsembleSettings settings() {
    return settings;
  }

  public long stepMs() {
    return all.assets().get(0).perp().intervalMs();
  }

  /** Data for [from, to) with the lead that warms features and fills the first window. */
  public MarketData slice(long from, long to) {
    return all.slice(from - WindowSet.lead(settings.window(), stepMs()), Math.min(to, all.to()));
  }

  /** Trains the four agents and the meta controller on [from, to) into {@code dir}. */
  public EnsembleTrainer.Result trainEnsemble(long from, long to, long seed, Path dir, EnsembleTrainer.Progress progress)
      throws IOException {
    MarketData data = slice(from, to);
    return EnsembleTrainer.train(kind -> agentSetup(kind, data, from, to, seed), metaSetup(data, from, seed, Set.of()),
        settings.projection(), dir, progress);
  }

  /** Trains one more meta controller over the agents already in {@code dir}. */
  public void trainMeta(long from, long to, long seed, Set<AgentKind> without, Path dir, Path output,
      EnsembleTrainer.Progress progress) throws IOException {
    MarketData data = slice(from, to);
    try (Ensemble ensemble = Ensemble.load(dir, settings.projection())) {
      MetaTrainer.train(ensemble, metaSetup(data, from, seed, without), output, s -> progress.epoch("meta", s));
    }
  }

  private AgentTrainer.Setup agentSetup(AgentKind kind, MarketData data, long from, long to, long seed) {
    EnsembleSettings.Agents a = settings.agents();
    PpoConfig ppo = PpoConfig.builder(kind.hidden(), seed + kind.ordinal()).learningRate(a.learningRate(), 0.1f)
        .rollout(a.envs(), a.rolloutSteps()).exploration(AgentKind.INITIAL_LOG_STD).build();
    var normalization = WindowSet.build(data, universe, kind.features(), settings.window(), from, to, null).normalization();
    return new AgentTrainer.Setup(kind, data, from, id -> universe.pair(universe.assetIndexOf(id)), normalization,
        settings.window(), config.sizing(), config.simVenue(data.venue(), null), config.planner(), ppo, a.epochs(),
        kind.targetScale(), kind.episodeSteps(), a.shocksPerAsset(), 0.5, dataDir.toString());
  }

  private MetaTrainer.Setup metaSetup(MarketData data, long from, long seed, Set<AgentKind> without) {
    EnsembleSettings.Meta m = settings.meta();
    PpoConfig ppo = PpoConfig.builder(m.hidden(), seed + 101).learningRate(m.learningRate(), 0.1f)
        .rollout(m.envs(), m.rolloutSteps()).exploration(AgentKind.INITIAL_LOG_STD).build();
    return new MetaTrainer.Setup(data, from, id -> universe.pair(universe.assetIndexOf(id)), config.sizing(),
        config.simVenue(data.venue(), null), config.planner(), ppo, m.epochs(), m.reward(), m.limits(), m.episodeSteps(),
        m.deadband(), m.shocksPerAsset(), m.shockedShare(), without, dataDir.toString());
  }

  /** A configured baseline strategy (carry, threshold, flat) as a policy. */
  public Supplier<Strategy> baseline(String name) {
    StrategyFactory factory = Strategies.find(name);
    StrategySettings settings = config.strategySettings(name);
    return () -> factory.create(settings);
  }

  /** Backtests {@code policy} trading from {@code from} to {@code to}. */
  public BacktestResult backtest(String label, Supplier<Strategy> policy, long from, long to) {
    return backtest(slice(from, to), label, policy, from);
  }

  /** As {@link #backtest(String, Supplier, long, long)} on given (e.g. shocked) data. */
  public BacktestResult backtest(MarketData data, String label, Supplier<Strategy> policy, long from) {
    BacktestConfig base = new BacktestConfig(label, StrategySettings.empty(), config.sizing(),
        config.simVenue(data.venue(), null), config.planner(), true, from);
    return new Backtester(data, universe, base, policy).run();
  }
}
