package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;

/** What a feed tells its consumer: an update, or a change in a stream's health. */
public sealed interface FeedEvent {
  record Update(MarketUpdate update) implements FeedEvent {}

  /** {@code stream} (symbol|leg) has been silent for {@code silentMs}, longer than its limit. */
  record Stale(String stream, long silentMs) implements FeedEvent {}

  /** A stale stream delivered again. */
  record Live(String stream) implements FeedEvent {}

  static String stream(MarketUpdate u) {
    return stream(u.symbol(), u.leg());
  }

  /** A stream's name: {@code SYMBOL|LEG}. */
  static String stream(String symbol, Leg leg) {
    return symbol + '|' + leg;
  }
}
