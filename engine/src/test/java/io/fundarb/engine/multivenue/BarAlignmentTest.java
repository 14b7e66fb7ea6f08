package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.Bars;
import io.fundarb.engine.testing.RealData;
import org.junit.jupiter.api.Test;

class BarAlignmentTest {
  private static Bars spot(String venue) {
    return RealData.load(venue, "BTCUSDT").assets().get(0).spot();
  }

  @Test
  void bybitAndOkxLineUpAndBinanceIsOffBothOnTheSharedData() {
    BarAlignment bybitOkx = BarAlignment.of(spot("BYBIT"), spot("OKX"));
    assertTrue(bybitOkx.aligned(), bybitOkx.toString());
    assertTrue(bybitOkx.medianGapSameTime() < 0.0002, bybitOkx.toString());
    assertFalse(BarAlignment.of(spot("BINANCE"), spot("BYBIT")).aligned());
    assertFalse(BarAlignment.of(spot("OKX"), spot("BINANCE")).aligned());
  }

  @Test
  void aSeriesShiftedByOneBarIsNotAlignedWithItself() {
    Bars okx = spot("OKX");
    long[] shifted = okx.openTime().clone();
    for (int r = 0; r < shifted.length; r++) {
      shifted[r] += okx.intervalMs();
    }
    Bars late = new Bars(okx.intervalMs(), shifted, okx.open(), okx.high(), okx.low(), okx.close(), okx.volume(),
        okx.quoteVolume(), okx.trades());
    assertTrue(BarAlignment.of(okx, okx).aligned());
    assertFalse(BarAlignment.of(okx, late).aligned());
  }
}
