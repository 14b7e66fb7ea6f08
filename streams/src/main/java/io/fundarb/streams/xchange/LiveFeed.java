package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.streams.market.Drops;
import io.fundarb.streams.market.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.market.StepAssembler;
import io.fundarb.streams.market.TopOfBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's market from a Binance-protocol venue's websockets: spot (book ticker, aggregate
 * trades) and perp (book ticker, aggregate trades, mark price with funding) per asset, each
 * connection restarted with backoff, every frame validated (bad ones counted by reason, never a
 * failed stream), aligned and closed into steps ({@link StepAssembler}) and offered to the
 * account's {@link LiveMarket}. Runs until {@link #stop}.
 */
public final class LiveFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /** How to connect: websocket bases (ending in '/'), reconnect backoff and the frame buffer. */
  public record Settings(String spotBase, String futuresBase, Duration minBackoff, Duration maxBackoff, double jitter,
      int frameBuffer) {}

  private final UniqueKillSwitch killSwitch;
  private final CompletionStage<Done> done;
  private final Drops drops;
  private final AtomicLong connections;
  private final AtomicLong steps;

  private LiveFeed(UniqueKillSwitch killSwitch, CompletionStage<Done> done, Drops drops, AtomicLong connections,
      AtomicLong steps) {
    this.killSwitch = killSwitch;
    this.done = done;
    this.drops = drops;
    this.connections = connections;
    this.steps = steps;
  }

  /** @param book receives every book ticker as it arrives (execution prices against it) */
  public static LiveFeed start(Settings settings, Universe universe, long stepMs, LiveMarket market, TopOfBook book,
      ClassicActorSystemProvider system) {
    Drops drops = new Drops("exchange");
    AtomicLong connections = new AtomicLong();
    AtomicLong steps = new AtomicLong();
    List<String> spot = new ArrayList<>();
    List<String> futures = new ArrayList<>();
    for (int a = 0; a < universe.assetCount(); a++) {
      String s = universe.pair(a).asset().symbol().toLowerCase(Locale.ROOT);
      spot.addAll(List.of(s + "@bookTicker", s + "@aggTrade"));
      futures.addAll(List.of(s + "@bookTicker", s + "@aggTrade", s + "@markPrice"));
    }
    var frames = XChangeMarketSource.resilient(settings.minBackoff(), settings.maxBackoff(), settings.jitter(),
            settings.spotBase(), Leg.SPOT, spot, settings.frameBuffer(), drops, System::currentTimeMillis,
            connections::incrementAndGet)
        .merge(XChangeMarketSource.resilient(settings.minBackoff(), settings.maxBackoff(), settings.jitter(),
            settings.futuresBase(), Leg.PERP, futures, settings.frameBuffer(), drops, System::currentTimeMillis,
            connections::incrementAndGet));
    Pair<UniqueKillSwitch, CompletionStage<Done>> running = frames
        .viaMat(KillSwitches.single(), Keep.right())
        .via(MarketGraph.updates(drops, XChangeMarketSource.MAX_FRAME_BYTES))
        .map(update -> {
          if (update instanceof MarketUpdate.BookTicker ticker) {
            book.update(ticker, System.currentTimeMillis());
          }
          return update;
        })
        .statefulMap(() -> new StepAssembler(universe, stepMs),
            (assembler, update) -> Pair.create(assembler, assembler.accept(update)), assembler -> Optional.empty())
        .mapConcat(closed -> closed)
        .toMat(Sink.foreach(step -> {
          steps.incrementAndGet();
          market.offer(step);
        }), Keep.both())
        .run(system);
    running.second().whenComplete((done, error) -> {
      if (error != null) {
        LOG.error("market feed failed: {}", error.toString(), error);
      }
    });
    return new LiveFeed(running.first(), running.second(), drops, connections, steps);
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

  /** Connection attempts so far (1 per stream at start, then one per restart). */
  public long connections() {
    return connections.get();
  }

  /** Steps offered to the market so far. */
  public long steps() {
    return steps.get();
  }
}
