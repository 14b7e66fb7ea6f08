package io.fundarb.streams.market;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The market-data stages between a venue's websocket and an asset's feed actor. Each is a
 * plain Flow, tested with the stream testkit; none of them fails on bad input — a bad frame is
 * a counted drop ({@link Drops}), never a failed stream.
 */
public final class MarketGraph {
  private MarketGraph() {}

  /** Frames to validated updates: parse, range checks, duplicate and order checks per stream. */
  public static Flow<Frame, MarketUpdate, NotUsed> updates(Drops drops, int maxFrameChars) {
    return Flow.<Frame>create()
        .statefulMap(() -> new FrameValidator(maxFrameChars, drops),
            (validator, frame) -> Pair.create(validator, validator.accept(frame)), validator -> Optional.empty())
        .mapConcat(MarketGraph::toList);
  }

  /** Trades to OHLCV bars of {@code interval} (event time, epoch-aligned); other updates pass by unused. */
  public static Flow<MarketUpdate, Bar, NotUsed> bars(Duration interval) {
    long ms = interval.toMillis();
    return Flow.<MarketUpdate>create()
        .statefulMap(() -> new BarAggregator(ms),
            (aggregator, update) -> Pair.create(aggregator, aggregator.accept(update)), aggregator -> Optional.empty())
        .mapConcat(MarketGraph::toList);
  }

  /**
   * Updates wrapped as feed events, with a {@link FeedEvent.Stale} for every stream silent longer
   * than {@code limit} at one of the {@code checks}, and a {@link FeedEvent.Live} when it delivers
   * again. Completes with the updates.
   */
  public static Flow<MarketUpdate, FeedEvent, NotUsed> watched(Duration limit, Source<?, ?> checks, LongSupplier clock) {
    return Flow.<MarketUpdate>create()
        .map(u -> (Object) u)
        .merge(checks.map(tick -> (Object) Check.INSTANCE), true)
        .statefulMap(() -> new StalenessWatch(limit.toMillis()),
            (watch, item) -> Pair.create(watch, item instanceof MarketUpdate u
                ? watch.onUpdate(u, clock.getAsLong()) : watch.onCheck(clock.getAsLong())),
            watch -> Optional.empty())
        .mapConcat(events -> events);
  }

  /** Wall-clock staleness checks every {@code every}. */
  public static Flow<MarketUpdate, FeedEvent, NotUsed> watched(Duration limit, Duration every) {
    return watched(limit, Source.tick(every, every, Check.INSTANCE), System::currentTimeMillis);
  }

  private enum Check { INSTANCE }

  private static <T> List<T> toList(Optional<T> value) {
    return value.map(List::of).orElse(List.of());
  }
}
