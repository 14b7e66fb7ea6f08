package io.fundarb.models.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.env.EnvLimits;
import io.fundarb.engine.env.RewardConfig;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.RiskProjection;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ppo.PpoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny ensemble trained on real BTC data (two epochs per model): the pipeline, not the returns. */
class EnsembleTest {
  private static final long H8 = 8 * Times.HOUR_MS;
  private static final MarketData BTC = RealData.load("BINANCE", "BTCUSDT");
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT");
  private static final long TRAIN_TO = Times.parse("2023-10-01");
  @TempDir static Path dir;
  static List<String> trained = new ArrayList<>();

  static AgentTrainer.Setup agent(AgentKind kind, MarketData data, FeatureTable table) {
    FeatureNormalization norm = FeatureNormalization.fit(kind.features(), table, new int[] {0},
        new int[] {table.firstReady(0)}, new int[] {table.steps()});
    return new AgentTrainer.Setup(kind, data, data.from(), id -> TestInstruments.pair(id.venue(), id.symbol()), norm,
        10, RealData.SIZING, RealData.VENUE, PlannerSettings.defaults(),
        PpoConfig.builder(new int[] {8, 8}, 3).rollout(2, 32).build(), 2, kind.targetScale(), 60, 2, 0.5, "test");
  }

  static MetaTrainer.Setup meta(MarketData data, Set<AgentKind> without) {
    return new MetaTrainer.Setup(data, data.from(), id -> TestInstruments.pair(id.venue(), id.symbol()),
        RealData.SIZING, RealData.VENUE, PlannerSettings.defaults(),
        PpoConfig.builder(new int[] {8, 8}, 5).rollout(2, 32).build(), 2, new RewardConfig(100, 0.1, 21, 5, 0, 0, 1),
        new EnvLimits(0.05, 0.03), 60, 0.1, 2, 0.3, without, "test");
  }

  @BeforeAll
  static void trainATinyEnsemble() throws IOException {
    MarketData train = BTC.slice(BTC.from(), TRAIN_TO);
    FeatureTable table = FeatureTable.build(MarketTape.build(train, UNIVERSE), UNIVERSE, H8, H8);
    EnsembleTrainer.train(kind -> agent(kind, train, table), meta(train, Set.of()), RiskProjection.defaults(), dir,
        (model, stats) -> trained.add(model + ":" + stats.epoch()));
    try (Ensemble ensemble = Ensemble.load(dir, RiskProjection.defaults())) {
      MetaTrainer.train(ensemble, meta(train, Set.of(AgentKind.SENTIMENT)),
          EnsembleTrainer.ablationFile(dir, AgentKind.SENTIMENT), s -> { });
    }
  }

  private static BacktestResult backtest(java.util.function.Supplier<io.fundarb.engine.strategy.Strategy> policy) {
    BacktestConfig config = new BacktestConfig("ensemble", StrategySettings.empty(), RealData.SIZING, RealData.VENUE,
        PlannerSettings.defaults(), true, TRAIN_TO);
    return new Backtester(BTC, UNIVERSE, config, policy).run();
  }

  @Test
  void stageOneTrainsEveryAgentThenStageTwoTheMetaController() {
    assertEquals(List.of("long_term:0", "long_term:1", "short_term:0", "short_term:1", "sentiment:0", "sentiment:1",
        "anomaly:0", "anomaly:1", "meta:0", "meta:1"), trained);
    assertTrue(Files.isRegularFile(dir.resolve("meta.json")));
    assertTrue(Files.isRegularFile(dir.resolve("meta.log.csv")));
  }

  @Test
  void theEnsembleTradesOutOfSampleAndIsDeterministic() throws IOException {
    try (Ensemble ensemble = Ensemble.load(dir, RiskProjection.defaults());
        MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      BacktestResult first = backtest(ensemble.policy(meta));
      BacktestResult again = backtest(ensemble.policy(meta));
      assertTrue(first.metrics().fills() > 0, "the ensemble traded");
      assertEquals(first.metrics().finalEquity(), again.metrics().finalEquity(), "same models, same data, same result");
      assertEquals(first.journal().fills(), again.journal().fills(), "fill for fill");
      BacktestResult equal = backtest(ensemble.policy(null));
      assertEquals(first.metrics().steps(), equal.metrics().steps(), "the same out-of-sample window");
      assertTrue(equal.metrics().fills() > 0, "equal weights trade too");
      assertFalse(first.journal().fills().equals(equal.journal().fills()), "the meta-controller's weights change what is traded");
    }
  }

  @Test
  void theRiskProjectionBindsInsideABacktest() throws IOException {
    RiskProjection tight = new RiskProjection(0.3, 1.0, 0.6, 0.02, 0.0005);
    try (Ensemble ensemble = Ensemble.load(dir, tight); MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      BacktestResult result = backtest(ensemble.policy(meta));
      double maxHedge = maxSpotHedgeWhenTraded(result);
      assertTrue(maxHedge > 0, "it traded");
      assertTrue(maxHedge <= 0.3 + 0.01, "position cap 0.3 when the position was set, held " + maxHedge);
    }
    // the same models under the default projection go past 0.3: the cap above is what held them
    try (Ensemble ensemble = Ensemble.load(dir, RiskProjection.defaults());
        MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      double loose = maxSpotHedgeWhenTraded(backtest(ensemble.policy(meta)));
      assertTrue(loose > 0.3 + 0.01, "without the tight projection the ensemble holds more: " + loose);
    }
  }

  /**
   * Largest spot position value over the asset's max notional at the steps where the position
   * changed (later, prices drift the value without any decision).
   */
  private static double maxSpotHedgeWhenTraded(BacktestResult result) {
    var positions = result.positions();
    double notional = Fixed.toDouble(RealData.SIZING.maxNotional(1));
    double max = 0;
    for (int step = 1; step < positions.steps(); step++) {
      if (positions.quantity(step, Universe.spotIndex(0)) == positions.quantity(step - 1, Universe.spotIndex(0))) {
        continue;
      }
      double value = Fixed.toDouble(positions.quantity(step, Universe.spotIndex(0)))
          * Fixed.toDouble(positions.mark(step, Universe.spotIndex(0)));
      max = Math.max(max, Math.abs(value) / notional);
    }
    return max;
  }

  @Test
  void anAblationControllerKeepsItsAgentOut() throws IOException {
    try (MetaModel meta = MetaModel.load(EnsembleTrainer.ablationFile(dir, AgentKind.SENTIMENT))) {
      assertEquals(Set.of(AgentKind.SENTIMENT), meta.without());
      assertEquals(MetaInputs.names(), meta.card().features().names());
    }
    try (MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      assertFalse(meta.without().contains(AgentKind.SENTIMENT));
    }
  }

  @Test
  void anIncompleteEnsembleDirectoryIsAClearError() {
    var e = assertThrows(IOException.class, () -> Ensemble.load(dir.resolve("nowhere"), RiskProjection.defaults()));
    assertTrue(e.getMessage().contains("fundarb train ensemble"), e.getMessage());
  }
}
