package io.fundarb.streams.market;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts dropped frames by reason (for metrics and tests) and logs them without flooding: the
 * first drop of each reason, then every 1,000th. Thread-safe; one per feed.
 */
public final class Drops {
  private static final Logger LOG = LoggerFactory.getLogger(Drops.class);
  private static final int LOG_EVERY = 1_000;
  private final String feed;
  private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

  public Drops(String feed) {
    this.feed = feed;
    for (DropReason reason : DropReason.values()) {
      counts.put(reason, new LongAdder());
    }
  }

  public void drop(DropReason reason, String detail) {
    LongAdder count = counts.get(reason);
    count.increment();
    long n = count.sum();
    if (n == 1 || n % LOG_EVERY == 0) {
      LOG.warn("{}: dropped frame #{} for {}: {}", feed, n, reason, detail);
    }
  }

  public long count(DropReason reason) {
    return counts.get(reason).sum();
  }

  public long total() {
    long sum = 0;
    for (LongAdder count : counts.values()) {
      sum += count.sum();
    }
    return sum;
  }
}
