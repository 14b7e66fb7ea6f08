package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.streams.market.Drops;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.streams.market.Frame;
import io.fundarb.engine.instrument.Leg;
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
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * A node's market from a Binance-protocol venue's websockets: spot (book ticker, aggregate
 * trades) and perp (book ticker, aggregate trades, mark price with funding) per asset, each
 * connection restarted with backoff, every frame validated (bad ones counted by reason, never a
 * failed stream), and each asset's updates aligned and closed into that asset's own steps (one
 * {@link StepAssembler} per asset: an asset's step closes when its legs are done, whatever the other
 * assets do), handed to {@link Steps} as they close. A stream silent longer than {@code staleAfter} is reported stale
 * (and live again when it delivers). What an operator watches — updates in per leg, drops by
 * reason, connections per leg, each stream's last update, stale/live changes — is counted here
 * and told to an attached {@link Listener}. Runs until {@link #stop}.
 *
 * <p>A leg's websocket going down (and the start, before every channel delivers) opens a gap: the
 * assembler holds its steps; as each symbol's stream delivers again, the bars it missed (from the
 * bar of its last update before the drop to its first update after) and, for the perp, the funding
 * settlements of that span are fetched over REST ({@link Backfill}) and fed to the assembler before
 * the held updates close their steps. A gap still open after {@code backfillWait} (wall time; the
 * venue unreachable, a failed fetch, a symbol without trades) is given up: the held steps close
 * with the older bars, as stale.
 */
public final class LiveFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  /** Backfilled bars and gap edges waiting for the assembler. */
  private static final int BACKFILL_QUEUE = 16_384;
  /** REST fetches block (and retry with waits): they run here, never on the stream's threads. */
  private static final java.util.concurrent.Executor BACKFILL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fundarb-backfill");
    t.setDaemon(true);
    return t;
  });

  /**
   * How to connect: websocket bases (ending in '/'), reconnect backoff, the frame buffer, and how
   * long a stream may be silent (wall time) before it is stale.
   */
  public record Settings(String spotBase, String futuresBase, Duration minBackoff, Duration maxBackoff, double jitter,
      int frameBuffer, Duration staleAfter, Duration backfillWait) {}

  /**
   * What a gap missed, over REST, as {@link BinanceVenueClient#missed}: closed bars and funding
   * settlements; NONE where there is no REST.
   */
  public interface Backfill {
    Backfill NONE = (leg, symbol, stepMs, from, to, drops) -> List.of();

    List<MarketUpdate> missed(Leg leg, String symbol, long stepMs, long from, long to, Drops drops);
  }

  /** Where each asset's closed steps go (on the stream's thread, in order per asset). */
  public interface Steps {
    void closed(int asset, MarketStep step);
  }

  /** What the step assemblers are fed: market updates and the edges of a leg's gap. */
  private sealed interface Input {
    record Market(MarketUpdate update) implements Input {}

    record Down(Leg leg) implements Input {}

    record Filled(Leg leg) implements Input {}
  }

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
  private final Map<Leg, LegGap> gaps = new EnumMap<>(Leg.class);
  private final AtomicLong firstEvent = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong backfilledBars = new AtomicLong();
  private final AtomicLong lateBars = new AtomicLong();
  private final AtomicLong backfilledSettlements = new AtomicLong();
  private final AtomicLong lateSettlements = new AtomicLong();
  private final AtomicLong gapsGivenUp = new AtomicLong();
  private final TopOfBook book;
  private final List<String> symbols;
  private final long stepMs;
  private final Backfill backfill;
  private final Duration backfillWait;
  private final Pair<BoundedSourceQueue<Input>, Source<Input, NotUsed>> fills;
  private final Scheduler scheduler;
  private final ExecutionContext timers;
  private volatile Listener listener = NOBODY;
  private UniqueKillSwitch killSwitch;
  private CompletionStage<Done> done;

  private LiveFeed(TopOfBook book, List<String> symbols, long stepMs, Backfill backfill, Duration backfillWait,
      ClassicActorSystemProvider system) {
    this.book = book;
    this.symbols = symbols;
    this.stepMs = stepMs;
    this.backfill = backfill;
    this.backfillWait = backfillWait;
    this.fills = Source.<Input>queue(BACKFILL_QUEUE).preMaterialize(system);
    this.scheduler = system.classicSystem().scheduler();
    this.timers = system.classicSystem().dispatcher();
    for (Leg leg : Leg.values()) {
      connections.put(leg, new AtomicLong());
      updates.put(leg, new LongAdder());
    }
  }

  /** As below, without REST backfill: a gap is held until {@code backfillWait}, then given up. */
  public static LiveFeed start(Settings settings, Universe universe, long stepMs, Steps steps, TopOfBook book,
      ClassicActorSystemProvider system) {
    return start(settings, universe, stepMs, steps, book, Backfill.NONE, system);
  }

  /**
   * @param book receives every book ticker as it arrives (execution prices against it)
   * @param backfill fetches the bars a reconnect's gap missed
   */
  public static LiveFeed start(Settings settings, Universe universe, long stepMs, Steps steps, TopOfBook book,
      Backfill backfill, ClassicActorSystemProvider system) {
    List<String> symbols = new ArrayList<>();
    List<String> spot = new ArrayList<>();
    List<String> futures = new ArrayList<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      String symbol = universe.pair(a).asset().symbol();
      String s = symbol.toLowerCase(Locale.ROOT);
      symbols.add(symbol);
      spot.addAll(List.of(s + "@bookTicker", s + "@aggTrade"));
      futures.addAll(List.of(s + "@bookTicker", s + "@aggTrade", s + "@markPrice"));
    }
    LiveFeed feed = new LiveFeed(book, symbols, stepMs, backfill, settings.backfillWait(), system);
    List<Input> startGaps = new ArrayList<>();
    for (Leg leg : Leg.values()) { // the start is a gap too: a channel subscribed late has missed bars
      LegGap gap = feed.new LegGap(leg);
      feed.gaps.put(leg, gap);
      gap.open();
      startGaps.add(new Input.Down(leg));
    }
    var frames = feed.connection(settings, settings.spotBase(), Leg.SPOT, spot)
        .merge(feed.connection(settings, settings.futuresBase(), Leg.PERP, futures));
    Pair<UniqueKillSwitch, CompletionStage<Done>> running = frames
        .viaMat(KillSwitches.single(), Keep.right())
        .via(MarketGraph.updates(feed.drops, XChangeMarketSource.MAX_FRAME_BYTES))
        .via(MarketGraph.watched(settings.staleAfter(), staleChecks(settings.staleAfter())))
        .mapConcat(feed::onEvent)
        .merge(Source.from(startGaps).concat(feed.fills.second()), true)
        .statefulMap(() -> new Assemblers(universe, stepMs),
            (assemblers, input) -> Pair.create(assemblers, feed.assemble(assemblers, input)),
            assemblers -> Optional.of(assemblers.flush())) // the open steps (and held ones) when the feed stops
        .mapConcat(closed -> closed)
        .toMat(Sink.foreach(closed -> {
          feed.steps.incrementAndGet();
          steps.closed(closed.asset(), closed.step());
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
        () -> {
          gaps.get(leg).connecting();
          listener.onConnect(leg, connections.get(leg).incrementAndGet());
        }, () -> gaps.get(leg).disconnected());
  }

  private List<AssetStep> assemble(Assemblers assemblers, Input input) {
    if (input instanceof Input.Market m) {
      return counted(assemblers, assemblers.accept(m.update()));
    }
    if (input instanceof Input.Down d) {
      assemblers.legDown(d.leg());
      return List.of();
    }
    return counted(assemblers, assemblers.legBackfilled(((Input.Filled) input).leg()));
  }

  /**
   * Copies the assemblers' late counts for readers on other threads: after any update or release,
   * since a held kline or mark is counted only when its hold is released.
   */
  private List<AssetStep> counted(Assemblers assemblers, List<AssetStep> closed) {
    lateBars.set(assemblers.lateKlines());
    lateSettlements.set(assemblers.lateSettlements());
    return closed;
  }

  /** A closed step of the account's asset {@code asset}. */
  record AssetStep(int asset, MarketStep step) {}

  /** One step assembler per asset; a leg's gap concerns every asset's. */
  private static final class Assemblers {
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
    private final StepAssembler[] assemblers;

    Assemblers(Universe universe, long stepMs) {
      assemblers = new StepAssembler[universe.assetCount()];
      for (int a = 0; a < assemblers.length; a++) {
        String symbol = universe.pair(a).asset().symbol();
        index.put(symbol, a);
        assemblers[a] = new StepAssembler(symbol, stepMs);
      }
    }

    List<AssetStep> accept(MarketUpdate update) {
      Integer a = index.get(update.symbol());
      return a == null ? List.of() : tag(a, assemblers[a].accept(update));
    }

    void legDown(Leg leg) {
      for (StepAssembler assembler : assemblers) {
        assembler.legDown(leg);
      }
    }

    List<AssetStep> legBackfilled(Leg leg) {
      List<AssetStep> closed = new ArrayList<>();
      for (int a = 0; a < assemblers.length; a++) {
        closed.addAll(tag(a, assemblers[a].legBackfilled(leg)));
      }
      return closed;
    }

    List<AssetStep> flush() {
      List<AssetStep> closed = new ArrayList<>();
      for (int a = 0; a < assemblers.length; a++) {
        closed.addAll(tag(a, assemblers[a].flush()));
      }
      return closed;
    }

    long lateKlines() {
      long n = 0;
      for (StepAssembler assembler : assemblers) {
        n += assembler.lateKlines();
      }
      return n;
    }

    long lateSettlements() {
      long n = 0;
      for (StepAssembler assembler : assemblers) {
        n += assembler.lateSettlements();
      }
      return n;
    }

    private static List<AssetStep> tag(int asset, List<MarketStep> steps) {
      if (steps.isEmpty()) {
        return List.of();
      }
      List<AssetStep> out = new ArrayList<>(steps.size());
      for (MarketStep step : steps) {
        out.add(new AssetStep(asset, step));
      }
      return out;
    }
  }

  /** Checks a few times per limit, so a stream is reported stale at most a quarter of the limit late. */
  private static Duration staleChecks(Duration staleAfter) {
    return Duration.ofMillis(Math.max(50, staleAfter.toMillis() / 4));
  }

  /** Counts an update and keeps it; reports a health change and drops it. */
  private List<Input> onEvent(FeedEvent event) {
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
    if (update instanceof MarketUpdate.Trade) { // the bars are the trades': their stream is what a gap misses
      firstEvent.compareAndSet(Long.MIN_VALUE, update.eventTime());
      gaps.get(update.leg()).delivered(update.symbol(), update.eventTime());
    }
    return List.of(new Input.Market(update));
  }

  /** Stops the connections; completes once the last steps (the open ones, flushed) were handed on. */
  public CompletionStage<Done> stop() {
    killSwitch.shutdown();
    return done;
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

  /** Asset steps handed on so far. */
  public long steps() {
    return steps.get();
  }

  /** Bars fetched over REST to fill reconnect gaps. */
  public long backfilledBars() {
    return backfilledBars.get();
  }

  /** Backfilled bars that came after their step had closed (not used). */
  public long lateBars() {
    return lateBars.get();
  }

  /** Funding settlements fetched over REST to fill reconnect gaps (most were announced anyway). */
  public long backfilledSettlements() {
    return backfilledSettlements.get();
  }

  /** Settlements heard of after their step had closed: booked with the next step. */
  public long lateSettlements() {
    return lateSettlements.get();
  }

  /** Gaps given up: still open after the backfill wait, or their fetch failed. */
  public long gapsGivenUp() {
    return gapsGivenUp.get();
  }

  /** What the backfill did, for the end of a run. */
  public String backfillSummary() {
    return "gaps backfilled with " + backfilledBars() + " bars (" + lateBars() + " too late) and "
        + backfilledSettlements() + " funding settlements over REST, " + gapsGivenUp() + " given up; funding settlements "
        + "booked a step late: " + lateSettlements();
  }

  /**
   * One leg's gap: opened when the feed starts and whenever the leg's websocket ends; each symbol's
   * missed bars are fetched over REST when its stream delivers again (from the bar of its last update
   * before the drop, or of the feed's first update at the start, up to its first update after), and
   * the gap closes once every symbol is filled — or it is given up after the wait. Called from the
   * stream, the connection's termination, the fetches and the timer: synchronized.
   */
  private final class LegGap {
    private final Leg leg;
    private final Map<String, Long> lastEvent = new java.util.HashMap<>();
    private Map<String, Long> from = new java.util.HashMap<>();
    private final java.util.Set<String> waiting = new java.util.HashSet<>();
    private int fetching;
    private int generation;
    private boolean open;
    private boolean connecting;

    LegGap(Leg leg) {
      this.leg = leg;
    }

    synchronized void disconnected() {
      if (!open) {
        offer(new Input.Down(leg));
        open();
        return;
      }
      connecting = false;
      for (String symbol : symbols) { // dropped again within the gap: what delivered since is missed anew
        Long last = lastEvent.get(symbol);
        if (waiting.add(symbol) && last != null) {
          from.merge(symbol, last, Math::min);
        }
      }
    }

    /** Opens a gap whose Down the assembler hears from the caller. */
    synchronized void open() {
      open = true;
      connecting = false;
      from = new java.util.HashMap<>(lastEvent);
      waiting.addAll(symbols);
      fetching = 0;
      int gap = ++generation;
      scheduler.scheduleOnce(backfillWait, () -> giveUp(gap, "still open after " + backfillWait.toMillis() + " ms"),
          timers);
    }

    /** A new connection is being opened: what arrives from now on was not in flight on the dropped one. */
    synchronized void connecting() {
      connecting = true;
    }

    synchronized void delivered(String symbol, long eventTime) {
      lastEvent.merge(symbol, eventTime, Math::max);
      if (!open || !connecting || !waiting.remove(symbol)) {
        return;
      }
      long since = from.getOrDefault(symbol, firstEvent.get());
      long start = Math.floorDiv(Math.min(since, eventTime), stepMs) * stepMs;
      fetching++;
      int gap = generation;
      BACKFILL.execute(() -> fetch(gap, symbol, start, eventTime));
    }

    private void fetch(int gap, String symbol, long start, long end) {
      List<MarketUpdate> missed;
      try {
        missed = backfill.missed(leg, symbol, stepMs, start, end, drops);
      } catch (RuntimeException e) {
        LOG.warn("{} {} gap not backfilled: {}", symbol, leg, e.toString());
        giveUp(gap, "its fetch failed");
        return;
      }
      synchronized (this) {
        if (!open || generation != gap) {
          return; // given up meanwhile: its steps have closed
        }
        missed.forEach(update -> offer(new Input.Market(update)));
        long bars = missed.stream().filter(MarketUpdate.Kline.class::isInstance).count();
        backfilledBars.addAndGet(bars);
        backfilledSettlements.addAndGet(missed.size() - bars);
        LOG.debug("{} {} gap {}..{} backfilled with {} bars and {} settlements over REST", symbol, leg, start, end,
            bars, missed.size() - bars);
        if (--fetching == 0 && waiting.isEmpty()) {
          close();
        }
      }
    }

    private synchronized void giveUp(int gap, String why) {
      if (open && generation == gap) {
        gapsGivenUp.incrementAndGet();
        LOG.warn("{} gap given up ({}; not yet delivered: {}): its steps close with the older bars", leg, why,
            waiting);
        close();
      }
    }

    private void close() {
      open = false;
      waiting.clear();
      offer(new Input.Filled(leg));
    }

    private void offer(Input input) {
      if (fills.first().offer(input) == QueueOfferResult.dropped()) { // closed: the feed stopped, nothing to deliver to
        LOG.warn("backfill queue full: {} not delivered", input);
      }
    }
  }
}
