package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The loopback venue's REST market history: the klines and funding settlements of the replayed
 * data, as far as the replay has gone ({@code replayedUpTo}, a bar close) — a client asking for
 * the bars a reconnect missed gets exactly those, never a bar the market has not closed yet.
 * Binance's shapes: a kline is {@code [openTime, open, high, low, close, volume, closeTime,
 * quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]} with {@code closeTime} the bar's last
 * millisecond; the quote volume is the recorded one (volume x close where the data lacks it).
 */
final class ReplayedHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MarketData data;
  private final LongSupplier replayedUpTo;
  private final BooleanSupplier ended;

  ReplayedHistory(MarketData data, LongSupplier replayedUpTo, BooleanSupplier ended) {
    this.data = data;
    this.replayedUpTo = replayedUpTo;
    this.ended = ended;
  }

  /**
   * How far the replay is ({@code GET /fundarb/v1/replay}, the loopback venue's own endpoint: a real
   * venue has no end): the first and last bar closes it replays, the last one it has published, and
   * whether it has ended — the end-of-replay signal, since the websockets stay open after it.
   */
  ObjectNode replay() {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (AssetSeries a : data.assets()) {
      if (a.perp().size() > 0) {
        first = Math.min(first, a.perp().closeTime(0));
        last = Math.max(last, a.perp().closeTime(a.perp().size() - 1));
      }
    }
    long upTo = replayedUpTo.getAsLong();
    ObjectNode json = JSON.createObjectNode().put("firstBarClose", first).put("lastBarClose", last);
    if (upTo != Long.MIN_VALUE) {
      json.put("replayedUpTo", upTo);
    } else {
      json.putNull("replayedUpTo");
    }
    return json.put("ended", ended.getAsBoolean());
  }

  /**
   * Bars of {@code symbol} on {@code market} ("spot" or "futures"): the first {@code limit} opening
   * at or after {@code start}, or without a start the last {@code limit} closing by {@code end}.
   */
  ArrayNode klines(String market, String symbol, String interval, Long start, Long end, int limit) {
    AssetSeries series = series(symbol);
    Bars bars = market.equals("spot") ? series.spot() : series.perp();
    if (intervalMs(interval) != bars.intervalMs()) {
      throw VenueError.badRequest(-1120, "Invalid interval.");
    }
    long until = Math.min(replayedUpTo.getAsLong(), end == null ? Long.MAX_VALUE : end + 1);
    int to = 0; // rows [from, to) qualify
    while (to < bars.size() && bars.closeTime(to) <= until) {
      to++;
    }
    int from = 0;
    if (start != null) {
      while (from < to && bars.openTime()[from] < start) {
        from++;
      }
      to = Math.min(to, from + limit);
    } else {
      from = Math.max(0, to - limit);
    }
    ArrayNode out = JSON.createArrayNode();
    for (int r = from; r < to; r++) {
      out.addArray().add(bars.openTime()[r]).add(Fixed.toString(bars.open()[r])).add(Fixed.toString(bars.high()[r]))
          .add(Fixed.toString(bars.low()[r])).add(Fixed.toString(bars.close()[r]))
          .add(Fixed.toString(bars.volume()[r])).add(bars.closeTime(r) - 1)
          .add(String.format(java.util.Locale.ROOT, "%.8f", bars.quoteVolume()[r]))
          .add(Math.max(0, bars.trades()[r])).add("0").add("0").add("0");
    }
    return out;
  }

  /** Funding settlements of {@code symbol} in [start, end] that the replay has reached, oldest first. */
  ArrayNode fundingRates(String symbol, Long start, Long end, int limit) {
    FundingSeries funding = series(symbol).funding();
    long until = Math.min(replayedUpTo.getAsLong(), end == null ? Long.MAX_VALUE : end);
    ArrayNode out = JSON.createArrayNode();
    for (int k = 0; k < funding.size() && out.size() < limit && funding.time()[k] <= until; k++) {
      if (start == null || funding.time()[k] >= start) {
        out.addObject().put("symbol", symbol).put("fundingTime", funding.time()[k])
            .put("fundingRate", Rate.toString(funding.rate()[k])).put("markPrice", "");
      }
    }
    return out;
  }

  /**
   * Binance's rolling 24-hour ticker of {@code symbol} on {@code market} ("spot" or "futures"), from
   * the replayed bars that closed in the last 24 hours of the replay: open of the first, high, low,
   * close of the last, volumes and trade counts summed; the previous close is the bar before them.
   */
  ObjectNode ticker24h(String market, String symbol) {
    AssetSeries series = series(symbol);
    Bars bars = market.equals("spot") ? series.spot() : series.perp();
    long until = replayedUpTo.getAsLong();
    int to = 0;
    while (to < bars.size() && bars.closeTime(to) <= until) {
      to++;
    }
    int from = to;
    while (from > 0 && bars.closeTime(from - 1) > until - DAY_MS) {
      from--;
    }
    if (from == to) {
      throw VenueError.badRequest(-1013, "Market is closed."); // nothing replayed yet
    }
    long high = Long.MIN_VALUE;
    long low = Long.MAX_VALUE;
    long volume = 0;
    double quoteVolume = 0;
    long trades = 0;
    for (int r = from; r < to; r++) {
      high = Math.max(high, bars.high()[r]);
      low = Math.min(low, bars.low()[r]);
      volume += bars.volume()[r];
      quoteVolume += bars.quoteVolume()[r];
      trades += Math.max(0, bars.trades()[r]);
    }
    long open = bars.open()[from];
    long last = bars.close()[to - 1];
    return JSON.createObjectNode().put("symbol", symbol)
        .put("priceChange", Fixed.toString(last - open))
        .put("priceChangePercent", String.format(java.util.Locale.ROOT, "%.3f", 100.0 * (last - open) / open))
        .put("weightedAvgPrice", String.format(java.util.Locale.ROOT, "%.8f",
            volume == 0 ? Fixed.toDouble(last) : quoteVolume / Fixed.toDouble(volume)))
        .put("prevClosePrice", Fixed.toString(from > 0 ? bars.close()[from - 1] : open))
        .put("lastPrice", Fixed.toString(last))
        .put("openPrice", Fixed.toString(open)).put("highPrice", Fixed.toString(high))
        .put("lowPrice", Fixed.toString(low)).put("volume", Fixed.toString(volume))
        .put("quoteVolume", String.format(java.util.Locale.ROOT, "%.8f", quoteVolume))
        .put("openTime", bars.openTime()[from]).put("closeTime", bars.closeTime(to - 1) - 1)
        .put("firstId", 0).put("lastId", 0).put("count", trades);
  }

  private static final long DAY_MS = 86_400_000L;

  /** The hours between {@code symbol}'s recorded funding settlements (the usual gap; 8 on most data). */
  long fundingIntervalHours(String symbol) {
    return Math.max(1, series(symbol).funding().typicalIntervalMs() / 3_600_000L);
  }

  private AssetSeries series(String symbol) {
    return data.assets().stream().filter(a -> a.asset().symbol().equals(symbol)).findFirst()
        .orElseThrow(() -> VenueError.badRequest(-1121, "Invalid symbol."));
  }

  /** Binance's interval names: 1m … 1w; anything else is the venue's -1120. */
  static long intervalMs(String interval) {
    if (interval == null || interval.length() < 2) {
      throw VenueError.badRequest(-1120, "Invalid interval.");
    }
    long unit = switch (interval.charAt(interval.length() - 1)) {
      case 'm' -> 60_000L;
      case 'h' -> 3_600_000L;
      case 'd' -> 86_400_000L;
      case 'w' -> 604_800_000L;
      default -> throw VenueError.badRequest(-1120, "Invalid interval.");
    };
    try {
      return Long.parseLong(interval.substring(0, interval.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      throw VenueError.badRequest(-1120, "Invalid interval.");
    }
  }
}
