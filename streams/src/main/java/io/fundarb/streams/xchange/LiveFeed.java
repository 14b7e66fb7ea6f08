package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.streams.market.Drops;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.streams.market.Frame;
import io.fundarb.streams.market.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.market.StepAssembler;
import io.fundarb.streams.market.TopOfBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's market from a Binance-protocol venue's websockets: spot (book ticker, aggregate
 * trades) and perp (book ticker, aggregate trades, mark price with funding) per asset, each
 * connection restarted with backoff, every frame validated (bad ones counted by reason, never a
 * failed stream), aligned and closed into steps ({@link StepAssembler}) and offered to the
 * account's {@link LiveMarket}. A stream silent longer than {@code staleAfter} is reported stale
 * (and live again when it delivers). What an operator watches — updates in per leg, drops by
 * reason, connections per leg, each stream's last update, stale/live changes — is counted here
 * and told to an attached {@link Listener}. Runs until {@link #stop}.
 */
public final class LiveFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /**
   * How to connect: websocket bases (ending in '/'), reconnect backoff, the frame buffer, and how
   * long a stream may be silent (wall time) before it is stale.
   */
  public record Settings(String spotBase, String futuresBase, Duration minBackoff, Duration maxBackoff, double jitter,
      int frameBuffer, Duration staleAfter) {}

  /** Hears of the feed's connections and health as they happen (alerts); called on stream threads. */
  public interface Listener {
    /** The {@code attempt}-th connection of a leg's websocket: 1 is the first, every later one a restart. */
    void onConnect(Leg leg, long attempt);

    /** A stream went stale ({@link FeedEvent.Stale}) or delivers again ({@link FeedEvent.Live}). */
    void onHealth(FeedEvent event);
  }

  private static final Listener NOBODY = new Listener() {
    @Override
    public void onConnect(Leg leg, long attempt) {
    }

    @Override
    public void onHealth(FeedEvent event) {
    }
  };

  private final Drops drops = new Drops("exchange");
  private final Map<Leg, AtomicLong> connections = new EnumMap<>(Leg.class);
  private final Map<Leg, LongAdder> updates = new EnumMap<>(Leg.class);
  private final Map<String, Long> lastUpdate = new ConcurrentHashMap<>();
  private final java.util.Set<String> silent = ConcurrentHashMap.newKeySet();
  private final AtomicLong steps = new AtomicLong();
  private final TopOfBook book;
  private volatile Listener listener = NOBODY;
  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;

  private LiveFeed(TopOfBook book) {
    this.book = book;
    for (Leg leg : Leg.values()) {
      connections.put(leg, new AtomicLong());
      updates.put(leg, new LongAdder());
    }
  }

  /** @param book receives every book ticker as it arrives (execution prices against it) */
  public static LiveFeed start(Settings settings, Universe universe, long stepMs, LiveMarket market, TopOfBook book,
      ClassicActorSystemProvider system) {
    LiveFeed feed = new LiveFeed(book);
    List<String> spot = new ArrayList<>();
    List<String> futures = new ArrayList<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      String s = universe.pair(a).asset().symbol().toLowerCase(Locale.ROOT);
      spot.addAll(List.of(s + "@bookTicker", s + "@aggTrade"));
      futures.addAll(List.of(s + "@bookTicker", s + "@aggTrade", s + "@markPrice"));
    }
    var frames = feed.connection(settings, settings.spotBase(), Leg.SPOT, spot)
        .merge(feed.connection(settings, settings.futuresBase(), Leg.PERP, futures));
    Pair<UniqueKillSwitch, CompletionStage<Done>> running = frames
        .viaMat(KillSwitches.single(), Keep.right())
        .via(MarketGraph.updates(feed.drops, XChangeMarketSource.MAX_FRAME_BYTES))
        .via(MarketGraph.watched(settings.staleAfter(), staleChecks(settings.staleAfter())))
        .mapConcat(feed::onEvent)
        .statefulMap(() -> new StepAssembler(universe, stepMs),
            (assembler, update) -> Pair.create(assembler, assembler.accept(update)),
            assembler -> Optional.of(assembler.flush())) // the open step when the feed stops
        .mapConcat(closed -> closed)
        .toMat(Sink.foreach(step -> {
          feed.steps.incrementAndGet();
          market.offer(step);
        }), Keep.both())
        .run(system);
    running.second().whenComplete((done, error) -> {
      if (error != null) {
        LOG.error("market feed failed: {}", error.toString(), error);
      }
    });
    feed.killSwitch = running.first();
    feed.done = running.second();
    return feed;
  }

  private Source<Frame, NotUsed> connection(
      Settings settings, String base, Leg leg, List<String> streams) {
    return XChangeMarketSource.resilient(settings.minBackoff(), settings.maxBackoff(), settings.jitter(), base, leg,
        streams, settings.frameBuffer(), drops, System::currentTimeMillis,
        () -> listener.onConnect(leg, connections.get(leg).incrementAndGet()));
  }

  /** Checks a few times per limit, so a stream is reported stale at most a quarter of the limit late. */
  private static Duration staleChecks(Duration staleAfter) {
    return Duration.ofMillis(Math.max(50, staleAfter.toMillis() / 4));
  }

  /** Counts an update and keeps it; reports a health change and drops it. */
  private List<MarketUpdate> onEvent(FeedEvent event) {
    if (!(event instanceof FeedEvent.Update u)) {
      if (event instanceof FeedEvent.Stale s) {
        silent.add(s.stream());
        LOG.warn("market stream {} stale: silent for {} ms", s.stream(), s.silentMs());
      } else {
        silent.remove(((FeedEvent.Live) event).stream());
        LOG.warn("market stream {} delivers again", ((FeedEvent.Live) event).stream());
      }
      listener.onHealth(event);
      return List.of();
    }
    MarketUpdate update = u.update();
    long now = System.currentTimeMillis();
    updates.get(update.leg()).increment();
    lastUpdate.put(FeedEvent.stream(update), now);
    if (update instanceof MarketUpdate.BookTicker ticker) {
      book.update(ticker, now);
    }
    return List.of(update);
  }

  /** Stops the connections; the market is told no more steps will come. */
  public CompletionStage<Done> stop(LiveMarket market) {
    killSwitch.shutdown();
    return done.whenComplete((d, e) -> market.end());
  }

  /** Frames dropped, by reason. */
  public Drops drops() {
    return drops;
  }

  /** Connection attempts so far (1 per leg at start, then one per restart). */
  public long connections() {
    return connections(Leg.SPOT) + connections(Leg.PERP);
  }

  /** Connection attempts of one leg's websocket. */
  public long connections(Leg leg) {
    return connections.get(leg).get();
  }

  /** Restarts of one leg's websocket (connections after the first). */
  public long restarts(Leg leg) {
    return Math.max(0, connections(leg) - 1);
  }

  /** Valid market updates in so far from one leg. */
  public long updates(Leg leg) {
    return updates.get(leg).sum();
  }

  /** Each stream ({@code SYMBOL|LEG}) that delivered, with the wall time (ms) of its last update. */
  public Map<String, Long> lastUpdates() {
    return Map.copyOf(lastUpdate);
  }

  /** Wall time (ms) of the latest update from any stream; {@link Long#MIN_VALUE} before the first. */
  public long lastUpdateMs() {
    return lastUpdate.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
  }

  /**
   * Why a node should not be called ready on this feed (a leg never connected, no update yet, the
   * feed stopped, streams stale), or empty when every stream delivers.
   */
  public Optional<String> notReady() {
    for (Leg leg : Leg.values()) {
      if (connections(leg) == 0) {
        return Optional.of("the " + leg.name().toLowerCase(Locale.ROOT) + " websocket has not connected yet");
      }
    }
    if (done != null && done.toCompletableFuture().isDone()) {
      return Optional.of("the market feed has stopped");
    }
    if (lastUpdate.isEmpty()) {
      return Optional.of("no market update received yet");
    }
    return silent.isEmpty() ? Optional.empty()
        : Optional.of("stale (silent past the limit): " + String.join(", ", new java.util.TreeSet<>(silent)));
  }

  /** Tells {@code listener} of every later connection and health change. */
  public void listen(Listener listener) {
    this.listener = listener;
  }

  /** Steps offered to the market so far. */
  public long steps() {
    return steps.get();
  }
}
