package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest best bid and ask per symbol and leg, as the feed last saw them: what execution prices
 * its child orders against at the moment it sends them (a step's bar may be minutes old by then).
 * Written by the feed's graph, read by the execution thread.
 */
public final class TopOfBook {
  /** A best bid and ask with their sizes (Fixed) and when the feed received them. */
  public record Quote(long bid, long bidQty, long ask, long askQty, long receivedAt) {
    public long mid() {
      return (bid + ask) / 2;
    }
  }

  private final ConcurrentHashMap<String, Quote> quotes = new ConcurrentHashMap<>();

  public void update(MarketUpdate.BookTicker ticker, long receivedAt) {
    quotes.put(key(ticker.symbol(), ticker.leg()), new Quote(ticker.bid(), ticker.bidQty(), ticker.ask(),
        ticker.askQty(), receivedAt));
  }

  /** The latest quote, or null when none arrived yet. */
  public Quote get(String symbol, Leg leg) {
    return quotes.get(key(symbol, leg));
  }

  private static String key(String symbol, Leg leg) {
    return symbol + "|" + leg;
  }
}
