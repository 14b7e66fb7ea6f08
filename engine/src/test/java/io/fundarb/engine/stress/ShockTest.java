package io.fundarb.engine.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.time.Times;
import org.junit.jupiter.api.Test;

class ShockTest {
  private static final AssetSeries BTC = RealData.load("BINANCE", "BTCUSDT").assets().get(0);
  private static final int ROW = 300;
  private static final long START = BTC.spot().openTime()[ROW];

  private static double close(AssetSeries s, boolean perp, int row) {
    return Fixed.toDouble((perp ? s.perp() : s.spot()).close()[row]);
  }

  @Test
  void aCrashTakesBothLegsDownOverItsBarsAndStaysThere() {
    AssetSeries crashed = new Shock.Crash(START, 0.2, 2).applyTo(BTC);
    assertEquals(close(BTC, false, ROW - 1), close(crashed, false, ROW - 1), "before: untouched");
    assertEquals(close(BTC, false, ROW) * 0.9, close(crashed, false, ROW), 0.01, "half way after the first bar");
    assertEquals(close(BTC, true, ROW + 1) * 0.8, close(crashed, true, ROW + 1), 0.01);
    assertEquals(close(BTC, false, ROW + 50) * 0.8, close(crashed, false, ROW + 50), 0.01, "a level shift, not a wick");
    assertTrue(crashed.spot().low()[ROW] <= crashed.spot().close()[ROW]);
    assertEquals(close(BTC, false, ROW - 1), Fixed.toDouble(crashed.spot().open()[ROW]), 0.01, "opens where it was");
  }

  @Test
  void aFundingSpikeFlipsSign() {
    long spike = Rate.parse("0.003");
    AssetSeries spiked = new Shock.FundingSpike(START, spike, 3).applyTo(BTC);
    int first = java.util.Arrays.binarySearch(BTC.funding().time(), START);
    for (int k = 0; k < 3; k++) {
      assertEquals(spike, spiked.funding().rate()[first + k]);
      assertEquals(-spike, spiked.funding().rate()[first + 3 + k]);
    }
    assertEquals(BTC.funding().rate()[first + 6], spiked.funding().rate()[first + 6]);
  }

  @Test
  void aBasisBlowoutWidensThePerpAndConvergesBack() {
    AssetSeries wide = new Shock.BasisBlowout(START, 0.05, 3).applyTo(BTC);
    double before = close(BTC, true, ROW + 3) / close(BTC, false, ROW + 3);
    double during = close(wide, true, ROW + 3) / close(wide, false, ROW + 3);
    assertEquals(before * 1.05, during, 1e-6, "full widening while held");
    assertEquals(close(BTC, true, ROW + 12), close(wide, true, ROW + 12), 1e-9, "converged after 3 x 3 bars");
    assertEquals(close(BTC, false, ROW + 3), close(wide, false, ROW + 3), "spot untouched");
  }

  @Test
  void anOutageRemovesEveryEventInItsWindow() {
    AssetSeries dark = new Shock.Outage(START, 16 * Times.HOUR_MS).applyTo(BTC);
    assertEquals(BTC.spot().size() - 2, dark.spot().size(), "two 8h bars close inside 16 hours");
    assertEquals(BTC.funding().size() - 2, dark.funding().size());
    for (int r = 0; r < dark.spot().size(); r++) {
      long t = dark.spot().closeTime(r);
      assertTrue(t < START || t >= START + 16 * Times.HOUR_MS);
    }
  }
}
