package io.fundarb.engine.market;

import io.fundarb.engine.instrument.Leg;

/**
 * One market fact about one asset, on a leg rather than an account's instrument index, so that an
 * asset's own actors can apply it to their own two-leg market. Prices Fixed, rates Rate.
 */
public sealed interface MarketEvent {
  /**
   * A closed bar; {@code quoteVolume} NaN when the source has none (estimated from volume and
   * close, as {@link MarketState#onBar(int, long, long, long, long, long, long)} does), {@code trades}
   * -1 when unknown.
   */
  record Bar(Leg leg, long open, long high, long low, long close, long volume, double quoteVolume, long trades)
      implements MarketEvent {}

  record Quote(Leg leg, long bid, long bidSize, long ask, long askSize) implements MarketEvent {}

  record Mark(Leg leg, long price) implements MarketEvent {}

  /** A funding settlement of the perp at {@code rate}. */
  record Funding(long rate) implements MarketEvent {}

  /** The Fear &amp; Greed index known from now on. */
  record Sentiment(int value) implements MarketEvent {}

  /** Applies the event, stamped {@code time}, to asset {@code asset} of {@code market}. */
  default void applyTo(MarketState market, int asset, long time) {
    if (this instanceof Bar b) {
      int i = b.leg().index(asset);
      if (Double.isNaN(b.quoteVolume())) {
        market.onBar(i, time, b.open(), b.high(), b.low(), b.close(), b.volume());
      } else {
        market.onBar(i, time, b.open(), b.high(), b.low(), b.close(), b.volume(), b.quoteVolume(), b.trades());
      }
    } else if (this instanceof Quote q) {
      market.onQuote(q.leg().index(asset), time, q.bid(), q.bidSize(), q.ask(), q.askSize());
    } else if (this instanceof Mark m) {
      market.onMark(m.leg().index(asset), time, m.price());
    } else if (this instanceof Funding f) {
      market.onFunding(Leg.PERP.index(asset), time, f.rate());
    } else {
      market.onSentiment(time, ((Sentiment) this).value());
    }
  }
}
