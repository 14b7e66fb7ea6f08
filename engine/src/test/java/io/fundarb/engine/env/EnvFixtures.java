package io.fundarb.engine.env;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import java.util.List;

/** Real Binance BTC data as environment input, with statistics fitted on all of it. */
final class EnvFixtures {
  static final MarketData BTC = RealData.load("BINANCE", "BTCUSDT");
  static final List<Feature> OBSERVED = List.of(Feature.FUNDING_AVG_1D_BPS, Feature.FUNDING_AVG_7D_BPS,
      Feature.BASIS_BPS, Feature.SPOT_VOL_7D, Feature.SENTIMENT);

  private EnvFixtures() {}

  static FeatureNormalization normalization(MarketData data) {
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
    FeatureTable table = FeatureTable.build(MarketTape.build(data, universe), universe, 8 * Times.HOUR_MS, 8 * Times.HOUR_MS);
    return FeatureNormalization.fit(OBSERVED, table, new int[] {0}, new int[] {table.firstReady(0)}, new int[] {table.steps()});
  }

  static EnvData data(List<EnvData.AssetShock> shocks) {
    return EnvData.build(BTC, asset -> TestInstruments.pair(asset.venue(), asset.symbol()), normalization(BTC), 10,
        8 * Times.HOUR_MS, Long.MIN_VALUE, shocks);
  }

  static EnvConfig config(ActionSpace actions, RewardConfig reward, EnvLimits limits, int episodeSteps, boolean randomStart) {
    return new EnvConfig(actions, reward, limits, 1.0, episodeSteps, randomStart, 0.5,
        RealData.SIZING, RealData.VENUE, PlannerSettings.defaults());
  }
}
