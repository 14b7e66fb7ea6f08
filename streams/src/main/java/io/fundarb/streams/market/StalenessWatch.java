package io.fundarb.streams.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers when each stream last delivered; on every check reports the streams silent for
 * longer than the limit (once per silence) and, when one delivers again, that it is live.
 */
final class StalenessWatch {
  private final long limitMs;
  private final Map<String, Long> lastSeen = new HashMap<>();
  private final Set<String> stale = new HashSet<>();

  StalenessWatch(long limitMs) {
    this.limitMs = limitMs;
  }

  List<FeedEvent> onUpdate(MarketUpdate update, long now) {
    String stream = FeedEvent.stream(update);
    lastSeen.put(stream, now);
    List<FeedEvent> out = new ArrayList<>(2);
    if (stale.remove(stream)) {
      out.add(new FeedEvent.Live(stream));
    }
    out.add(new FeedEvent.Update(update));
    return out;
  }

  List<FeedEvent> onCheck(long now) {
    List<FeedEvent> out = new ArrayList<>();
    lastSeen.forEach((stream, seen) -> {
      if (now - seen > limitMs && stale.add(stream)) {
        out.add(new FeedEvent.Stale(stream, now - seen));
      }
    });
    return out;
  }
}
