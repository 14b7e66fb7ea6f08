package io.fundarb.streams.market;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses frames and keeps each stream honest: per symbol, leg and kind, update and trade ids
 * (and mark-price event times) must grow; a repeat is a duplicate, a step back is out of order.
 * One instance per materialized stream (it holds the last id of every stream).
 */
final class FrameValidator {
  private final int maxChars;
  private final Drops drops;
  private final Map<String, Long> last = new HashMap<>();

  FrameValidator(int maxChars, Drops drops) {
    this.maxChars = maxChars;
    this.drops = drops;
  }

  Optional<MarketUpdate> accept(Frame frame) {
    BinanceFrames.Parsed parsed;
    try {
      parsed = BinanceFrames.parse(frame, maxChars);
    } catch (RuntimeException e) { // a parser bug must not fail the stream either
      parsed = BinanceFrames.Parsed.drop(DropReason.MALFORMED, "unexpected: " + e);
    }
    if (!parsed.isUpdate()) {
      drops.drop(parsed.reason(), parsed.detail());
      return Optional.empty();
    }
    MarketUpdate u = parsed.update();
    String key = u.symbol() + '|' + u.leg() + '|' + u.getClass().getSimpleName();
    long sequence = sequence(u);
    Long previous = last.get(key);
    if (previous != null && sequence <= previous) {
      DropReason reason = sequence == previous ? DropReason.DUPLICATE : DropReason.OUT_OF_ORDER;
      drops.drop(reason, key + " " + sequence + " after " + previous);
      return Optional.empty();
    }
    last.put(key, sequence);
    return Optional.of(u);
  }

  private static long sequence(MarketUpdate u) {
    if (u instanceof MarketUpdate.BookTicker b) {
      return b.updateId();
    } else if (u instanceof MarketUpdate.Trade t) {
      return t.tradeId();
    }
    return u.eventTime();
  }
}
