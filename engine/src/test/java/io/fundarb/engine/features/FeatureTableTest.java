package io.fundarb.engine.features;

import static io.fundarb.engine.testing.TestMarket.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.NoLookAheadPropertyTest;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.testing.TestMarket;
import io.fundarb.engine.time.Times;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FeatureTableTest {
  private static final long H8 = 8 * Times.HOUR_MS;
  private static final Universe BTC = TestInstruments.universe("BINANCE", "BTCUSDT");

  private static FeatureTable table(MarketData data, Universe universe) {
    return FeatureTable.build(MarketTape.build(data, universe), universe, H8, H8);
  }

  @Test
  void fundingAndBasisFeaturesMatchHandFigures() {
    long open = at("2024-01-01T00:00:00Z");
    MarketData data = new TestMarket("BINANCE", H8).asset("BTCUSDT", open,
        new String[] {"40000", "40400", "40000", "40800"},
        new String[] {"40040", "40400", "40100", "40800"},
        new long[] {open + H8, open + 2 * H8, open + 3 * H8, open + 4 * H8},
        new String[] {"0.0001", "0.0003", "-0.0001", "0.0002"}, "100").build();
    FeatureTable t = table(data, BTC);
    int last = t.steps() - 1;
    // At the 4th step: settlements 1, 3, -1, 2 bps; the day holds the last three.
    assertEquals(2.0, t.value(0, last, Feature.FUNDING_LAST_BPS), 1e-5);
    assertEquals((3 - 1 + 2) / 3.0, t.value(0, last, Feature.FUNDING_AVG_1D_BPS), 1e-5);
    assertEquals((1 + 3 - 1 + 2) / 4.0, t.value(0, last, Feature.FUNDING_AVG_7D_BPS), 1e-5);
    assertEquals(0, t.value(0, last, Feature.BASIS_BPS), 1e-5);
    assertEquals((40100.0 / 40000 - 1) * 1e4, t.value(0, 2, Feature.BASIS_BPS), 1e-3);
    assertEquals(Math.log(40800.0 / 40000) * 100, t.value(0, last, Feature.SPOT_RETURN_PCT), 1e-4);
    assertEquals(1.0, t.value(0, last, Feature.TIME_TO_FUNDING), 1e-6, "8h bars close on settlements");
    assertEquals(-1, t.firstReady(0), "four steps never fill the 30-day lookback");
  }

  @Test
  void realDataWarmsUpInThirtyDaysAndIsNeverNaN() {
    MarketData data = RealData.load("OKX");
    Universe universe = TestInstruments.universe("OKX", "BTCUSDT", "ETHUSDT");
    FeatureTable t = table(data, universe);
    for (int a = 0; a < 2; a++) {
      assertEquals(90, t.firstReady(a), "30 days of 8h steps");
      for (float v : t.rows(a)) {
        assertTrue(Float.isFinite(v));
      }
    }
    assertTrue(t.value(0, 500, Feature.SPOT_VOL_30D) > 10 && t.value(0, 500, Feature.SPOT_VOL_30D) < 200,
        "BTC's annualised volatility is a plausible percentage");
  }

  @Property(tries = 8, seed = "31")
  void rowsNeverDependOnLaterEvents(@ForAll @IntRange(min = 100, max = 1300) int cut, @ForAll long seed) {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    FeatureTable original = table(data, universe);
    FeatureTable scrambled = table(NoLookAheadPropertyTest.scrambleAfter(data, original.time(cut), new Random(seed)), universe);
    for (int a = 0; a < 2; a++) {
      for (int i = 0; i < (cut + 1) * Feature.COUNT; i++) {
        assertEquals(original.rows(a)[i], scrambled.rows(a)[i], "asset " + a + " value " + i);
      }
    }
  }
}
