package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.RealData;
import org.junit.jupiter.api.Test;

/** Binance's rolling 24-hour ticker over the replayed bars, worked out by hand from the recorded ones. */
class Ticker24hTest {
  @Test
  void theLastDayOfReplayedBarsMakesTheTicker() {
    MarketData data = RealData.load("BINANCE");
    Bars perp = data.assets().get(0).perp();
    assertEquals(8 * 3_600_000L, perp.intervalMs(), "three bars a day");
    int k = 10;
    ReplayedHistory history = new ReplayedHistory(data, () -> perp.closeTime(k), () -> false);
    JsonNode t = history.ticker24h("futures", data.assets().get(0).asset().symbol());
    long high = Math.max(perp.high()[k - 2], Math.max(perp.high()[k - 1], perp.high()[k]));
    long low = Math.min(perp.low()[k - 2], Math.min(perp.low()[k - 1], perp.low()[k]));
    assertEquals(Fixed.toString(perp.open()[k - 2]), t.get("openPrice").asText(), "the first bar of the day opens it");
    assertEquals(Fixed.toString(perp.close()[k]), t.get("lastPrice").asText());
    assertEquals(Fixed.toString(perp.close()[k - 3]), t.get("prevClosePrice").asText());
    assertEquals(Fixed.toString(high), t.get("highPrice").asText());
    assertEquals(Fixed.toString(low), t.get("lowPrice").asText());
    assertEquals(Fixed.toString(perp.volume()[k - 2] + perp.volume()[k - 1] + perp.volume()[k]),
        t.get("volume").asText());
    assertEquals(Fixed.toString(perp.close()[k] - perp.open()[k - 2]), t.get("priceChange").asText());
    assertEquals(perp.openTime()[k - 2], t.get("openTime").asLong());
    assertEquals(perp.closeTime(k) - 1, t.get("closeTime").asLong(), "the last bar's last millisecond");
  }
}
