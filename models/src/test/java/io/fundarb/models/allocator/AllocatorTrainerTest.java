package io.fundarb.models.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.multivenue.AllocationLimits;
import io.fundarb.engine.multivenue.AllocatorReward;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.TransferTerms;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import io.fundarb.models.ppo.PpoConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny allocator trained on the three venues' real data: the pipeline and its contract, not the returns. */
class AllocatorTrainerTest {
  private static final long TRAIN_TO = Times.parse("2023-07-01");
  private static final List<MarketData> DATA = List.of("BINANCE", "BYBIT", "OKX").stream()
      .map(v -> RealData.load(v, "BTCUSDT", "ETHUSDT")).toList();
  @TempDir Path dir;

  private static List<VenueMarket> markets(long to) {
    return DATA.stream().map(d -> new VenueMarket(d.slice(d.from(), to),
        TestInstruments.universe(d.venue(), "BTCUSDT", "ETHUSDT"), RealData.VENUE)).toList();
  }

  private static final PortfolioSettings SETTINGS = new PortfolioSettings(new AllocationLimits(0.5, 0.6, 1),
      new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);

  @Test
  void trainsSavesLoadsAndAllocatesDeterministicallyInsideTheLimits() throws IOException {
    List<VenueMarket> training = markets(TRAIN_TO);
    Opportunities.Offered offered = Opportunities.of(markets(Long.MAX_VALUE), true);
    BacktestConfig config = RealData.config("allocator");
    PpoConfig ppo = PpoConfig.builder(new int[] {16}, 7).rollout(2, 8).updates(2, 8).build();
    Path params = dir.resolve("allocator").resolve(AllocatorModel.FILE);
    AllocatorTrainer.Result result = AllocatorTrainer.train(new AllocatorTrainer.Setup(training, offered,
        DATA.get(0).from(), config, SETTINGS, new AllocatorReward(1e4, 0.0002, 1), ppo, 2, 90, 21, 0.1, 0.3f, "test"),
        params, s -> { });
    assertEquals(2, result.history().size());
    assertTrue(result.history().get(1).envSteps() > 0);

    // Out of sample, twice: the same allocations, each inside the limits.
    double[][] runs = new double[2][];
    for (int r = 0; r < 2; r++) {
      try (AllocatorModel model = AllocatorModel.load(params.getParent())) {
        PortfolioResult run = new MultiVenueBacktester(markets(Long.MAX_VALUE), offered,
            config.withTradeFrom(TRAIN_TO), SETTINGS, model).run();
        var history = run.allocation();
        runs[r] = new double[history.size() * offered.opportunities().size()];
        for (int k = 0; k < history.size(); k++) {
          double total = 0;
          for (int o = 0; o < offered.opportunities().size(); o++) {
            double w = history.weight(k, o);
            runs[r][k * offered.opportunities().size() + o] = w;
            assertTrue(w >= 0 && w <= 0.5 + 1e-6, "opportunity " + w);
            total += w;
          }
          assertTrue(total <= 1 + 1e-6, "total " + total);
        }
        assertEquals(0, run.invalidWeights());
      }
    }
    assertArrayEquals(runs[0], runs[1], "a loaded allocator decides the same way every time");
  }

  @Test
  void refusesAPortfolioWithOtherOpportunitiesAndAMissingModel() throws IOException {
    Opportunities.Offered offered = Opportunities.of(markets(Long.MAX_VALUE), true);
    PpoConfig ppo = PpoConfig.builder(new int[] {8}, 7).rollout(1, 4).updates(1, 4).build();
    Path params = dir.resolve("a").resolve(AllocatorModel.FILE);
    AllocatorTrainer.train(new AllocatorTrainer.Setup(markets(TRAIN_TO), offered, DATA.get(0).from(),
        RealData.config("allocator"), SETTINGS, new AllocatorReward(1e4, 0, 0), ppo, 1, 90, 21, 0.1, 0.3f, "test"),
        params, s -> { });
    try (AllocatorModel model = AllocatorModel.load(params)) {
      var carryOnly = Opportunities.of(markets(Long.MAX_VALUE), false).opportunities();
      var e = assertThrows(IllegalArgumentException.class, () -> model.check(carryOnly));
      assertTrue(e.getMessage().contains("trained on the opportunities"), e.getMessage());
    }
    var missing = assertThrows(IOException.class, () -> AllocatorModel.load(dir.resolve("nowhere")));
    assertTrue(missing.getMessage().contains("fundarb train allocator"), missing.getMessage());
  }
}
