package io.fundarb.models.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.env.CarryEnv;
import io.fundarb.engine.env.EnvConfig;
import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.models.ppo.PpoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentModelTest {
  private static final long H8 = 8 * Times.HOUR_MS;
  private static final MarketData BTC = RealData.load("BINANCE", "BTCUSDT");
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT");
  @TempDir static Path dir;
  static Path params;
  static FeatureNormalization normalization;

  @BeforeAll
  static void trainATinyLongTermAgent() throws IOException {
    FeatureTable table = FeatureTable.build(MarketTape.build(BTC, UNIVERSE), UNIVERSE, H8, H8);
    normalization = FeatureNormalization.fit(AgentKind.LONG_TERM.features(), table, new int[] {0},
        new int[] {table.firstReady(0)}, new int[] {table.steps()});
    AgentTrainer.Setup setup = new AgentTrainer.Setup(AgentKind.LONG_TERM, BTC, Long.MIN_VALUE,
        id -> TestInstruments.pair(id.venue(), id.symbol()), normalization, 10, RealData.SIZING, RealData.VENUE,
        PlannerSettings.defaults(), PpoConfig.builder(new int[] {16, 16}, 3).rollout(4, 32).build(), 2, 1.0, 60, 0, 0,
        "test");
    params = dir.resolve("models/long_term.params");
    List<Integer> epochs = new ArrayList<>();
    AgentTrainer.Result result = AgentTrainer.train(setup, params, s -> epochs.add(s.epoch()));
    assertEquals(List.of(0, 1), epochs);
    assertTrue(Files.size(result.params()) > 0);
    assertEquals(3, Files.readAllLines(result.log()).size(), "header and one row per epoch");
  }

  @Test
  void theCardDescribesTheModelAndMismatchedDataIsRefused() throws IOException {
    try (AgentModel model = AgentModel.load(params)) {
      ModelCard card = model.card();
      assertEquals("long_term", card.agent());
      assertEquals(10 * 9 + 3, card.network().input(), "window x features + state");
      assertEquals(model.spec().hash(), card.features().specHash());
      var e = assertThrows(IllegalArgumentException.class, () -> model.checkData(Times.HOUR_MS));
      assertTrue(e.getMessage().contains("trained on 8h bars"), e.getMessage());
      model.checkData(H8);
    }
    Path card = ModelCard.besides(params);
    String json = Files.readString(card);
    Path tampered = dir.resolve("tampered.params");
    Files.copy(params, tampered);
    Files.writeString(ModelCard.besides(tampered), json.replace("basis_z_7d", "basis_bps"));
    var e = assertThrows(IllegalArgumentException.class, () -> AgentModel.load(tampered));
    assertTrue(e.getMessage().contains("feature spec hash"), e.getMessage());
    var missing = assertThrows(IOException.class, () -> AgentModel.load(dir.resolve("nope.params")));
    assertTrue(missing.getMessage().contains("a model is two files"), missing.getMessage());
  }

  @Test
  void inABacktestTheModelSeesExactlyWhatTheEnvironmentShowedItInTraining() throws IOException {
    EnvData data = EnvData.build(BTC, id -> TestInstruments.pair(id.venue(), id.symbol()), normalization, 10, H8,
        Long.MIN_VALUE, List.of());
    EnvConfig config = new EnvConfig(new ActionSpace.Continuous(0, 1), AgentKind.LONG_TERM.reward(),
        AgentKind.LONG_TERM.limits(), 1.0, 0, false, 0, RealData.SIZING, RealData.VENUE, PlannerSettings.defaults());
    CarryEnv env = new CarryEnv(data, config, 1);
    EnvData.Scenario scenario = data.clean().get(0);
    int step = scenario.firstStart() + 200;
    env.reset(scenario, step, step + 1);
    float[] expected = new float[env.observationSize()];
    env.observe(expected, 0);

    long when = env.info().time();
    float[][] seen = new float[1][];
    try (AgentModel model = AgentModel.load(params)) {
      Strategy inner = model.newStrategy();
      Strategy recorder = new Strategy() {
        @Override
        public double target(AssetView view) {
          double target = inner.target(view);
          if (view.time() == when) {
            seen[0] = ((ModelStrategy) inner).lastObservation();
          }
          return target;
        }

        @Override
        public boolean usesFeatures() {
          return true;
        }
      };
      // No trading before or at the compared step: both sides are flat, so state features match too.
      BacktestResult result = new Backtester(BTC, UNIVERSE, RealData.config("model").withTradeFrom(when + 1), () -> recorder)
          .run();
      assertTrue(result.metrics().steps() > 100);
    }
    assertArrayEquals(expected, seen[0]);
  }
}
