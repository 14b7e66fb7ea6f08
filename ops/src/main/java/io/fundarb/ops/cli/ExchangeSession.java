package io.fundarb.ops.cli;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.ops.config.ExchangeConfig;
import io.fundarb.ops.admin.AdminApi;
import io.fundarb.ops.admin.FeedMetrics;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.market.DropReason;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.TopOfBook;
import io.fundarb.streams.xchange.BinanceVenueClient;
import io.fundarb.streams.xchange.ExchangeVenue;
import io.fundarb.streams.xchange.LiveFeed;
import io.fundarb.streams.xchange.UserDataStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * A node's connection to a Binance-protocol venue through the real XChange clients: REST for
 * orders and reconciliation ({@link ExchangeVenue}), websockets for the market ({@link LiveFeed},
 * each asset's steps handed to whoever the node names). With no URL it first starts the loopback venue in-process, replaying
 * the loaded data; a URL that is not on this machine is refused unless trading live was opted into.
 */
final class ExchangeSession implements AutoCloseable {
  /** How long the end of an in-process replay may take to reach the node as its last step. */
  private static final Duration LAST_STEP_GRACE = Duration.ofSeconds(30);

  /** How long a feed may be silent after the in-process replay before its last step is given up. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  /** Binance lets a listen key lapse after 60 minutes without a keep-alive; its docs advise every 30. */
  private static final Duration LISTEN_KEY_KEEP_ALIVE = Duration.ofMinutes(30);

  /** An account that does not trade streams nothing: ping well inside the HTTP client's 60 s idle timeout. */
  private static final Duration USER_DATA_PING = Duration.ofSeconds(20);

  /** How long the node's websocket clients may take to connect before an in-process market opens anyway. */
  private static final Duration CONNECT_GRACE = Duration.ofSeconds(30);

  private final LoopbackServer loopback;
  private final CompletableFuture<Void> marketOpen;
  private final String httpBase;
  private final LoopbackVenue.Credentials keys;
  private final long stepMs;
  private final TopOfBook book = new TopOfBook();
  /** Each asset's last step time (the run ends when every asset's reached the data's end). */
  private java.util.concurrent.atomic.AtomicLongArray lastSteps;
  private BinanceVenueClient client;
  private ExchangeVenue venue;
  private LiveFeed feed;
  private UserDataStream userData;
  private volatile String outsideTrade = "";

  private ExchangeSession(LoopbackServer loopback, CompletableFuture<Void> marketOpen, String httpBase,
      LoopbackVenue.Credentials keys, long stepMs) {
    this.loopback = loopback;
    this.marketOpen = marketOpen;
    this.httpBase = httpBase;
    this.keys = keys;
    this.stepMs = stepMs;
  }

  /** The loopback venue started here, replaying {@code data} at the configured speed. */
  static ExchangeSession loopback(MarketData data, io.fundarb.engine.instrument.Universe universe,
      io.fundarb.engine.venue.SimVenueConfig fees, ExchangeConfig exchange, long capital, double speed, long stepMs)
      throws Exception {
    if (speed <= 0) {
      throw new IllegalArgumentException("--venue loopback needs a replay speed above 0 (the venue paces its market)");
    }
    LoopbackVenue.Credentials keys = VenueCommand.randomKeys(); // this process's only: never written anywhere
    CompletableFuture<Void> open = new CompletableFuture<>();
    LoopbackServer server = LoopbackServer.start(data, universe, fees, exchange.halfSpread(), exchange.depthShare(), capital,
        keys, exchange.loopbackFaults(), speed, 0, open);
    return new ExchangeSession(server, open, server.httpBase(), keys, stepMs);
  }

  /**
   * A venue already running at {@code url} (e.g. {@code fundarb venue}, or a testnet): keys from the
   * environment. Anything but this machine needs {@code live}.
   */
  static ExchangeSession remote(String url, java.util.function.Supplier<LoopbackVenue.Credentials> keys, boolean live,
      long stepMs) {
    String host = URI.create(url).getHost();
    boolean local = host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    if (!local && !live) {
      throw new IllegalArgumentException("--venue-url " + host + " is not on this machine: trading on a real venue"
          + " (testnet first) needs the explicit --live opt-in");
    }
    return new ExchangeSession(null, null, url.endsWith("/") ? url.substring(0, url.length() - 1) : url, keys.get(),
        stepMs);
  }

  /**
   * Connects the REST client and prepares the perps; a fresh run ({@code resumed} null) reads the
   * starting holdings, a resumed one keeps its baseline.
   */
  ExchangeVenue venue(Universe universe, ExchangeConfig exchange, int leverage, ExchangeVenue.Baseline resumed) {
    client = BinanceVenueClient.connect(httpBase, httpBase, keys.apiKey(), keys.secret(),
        exchange.retry());
    venue = ExchangeVenue.open(universe, client, exchange.venue(), book, leverage, System::currentTimeMillis, resumed);
    return venue;
  }

  /**
   * Subscribes to the market streams; each asset's steps go to {@code steps} as they close. A
   * reconnect's gap is backfilled through the REST client of {@link #venue}, which must be connected first.
   */
  void startFeed(Universe universe, ExchangeConfig exchange, ClassicActorSystemProvider system, LiveFeed.Steps steps) {
    String ws = httpBase.replaceFirst("^http", "ws");
    lastSteps = new java.util.concurrent.atomic.AtomicLongArray(universe.assetCount());
    for (int a = 0; a < universe.assetCount(); a++) {
      lastSteps.set(a, Long.MIN_VALUE);
    }
    LiveFeed.Steps noted = (asset, step) -> {
      lastSteps.accumulateAndGet(asset, step.time(), Math::max);
      steps.closed(asset, step);
    };
    // the account's own events first: orders sent once the market opens are told on it
    userData = UserDataStream.start(new UserDataStream.Settings(httpBase, httpBase, ws + "/spot/", ws + "/futures/",
        exchange.reconnectMin(), exchange.reconnectMax(), exchange.jitter(), LISTEN_KEY_KEEP_ALIVE,
        USER_DATA_PING), keys.apiKey(),
        venue::resync, venue::resync, system);
    client.listen(userData);
    feed = LiveFeed.start(new LiveFeed.Settings(ws + "/spot/", ws + "/futures/", exchange.reconnectMin(),
        exchange.reconnectMax(), exchange.jitter(), exchange.frameBuffer(), exchange.staleAfter(),
        exchange.backfillWait()), universe, stepMs, noted, book, client::missed, system);
    if (loopback != null) { // the in-process market opens once both websocket clients are in: no bar is missed
      long deadline = System.nanoTime() + CONNECT_GRACE.toNanos();
      while (loopback.venue().websocketConnections() < 2 && System.nanoTime() < deadline) {
        sleep(20);
      }
      marketOpen.complete(null);
      tradeOutsideTheNode(exchange.outsideTrade());
    }
  }

  /** The outside-trade drill: on its own thread, once the feed has delivered enough steps. */
  private void tradeOutsideTheNode(ExchangeConfig.OutsideTrade drill) {
    if (drill.afterSteps() <= 0) {
      return;
    }
    Thread t = new Thread(() -> {
      while (feed.steps() < drill.afterSteps() && !Thread.currentThread().isInterrupted()) {
        sleep(5);
      }
      loopback.venue().tradeOutsideTheNode(drill.symbol(), drill.quantity());
      outsideTrade = "; traded outside the node: " + drill.symbol() + " perp " + Fixed.toString(drill.quantity())
          + " after step " + feed.steps();
    }, "outside-trade-drill");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Alerts on the feed's restarts and staleness; its figures and the orders' round trips on
   * /metrics; /ready waits for every stream to deliver.
   */
  void watch(Alerts alerts, Optional<AdminApi> api, Universe universe) {
    feed.listen(alerts.feedListener());
    api.ifPresent(a -> a.readyWhen("feed", feed::notReady));
    api.flatMap(AdminApi::registry).ifPresent(r -> {
      FeedMetrics.bind(r, feed, universe, System::currentTimeMillis);
      FeedMetrics.timeOrders(r, client);
    });
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The end of the run's data: once the feed is in the last bar of the data the node loaded
   * ({@code lastBarClose}, --to: the step before it has closed) and every asset's last step closed,
   * or the feed has been quiet for {@link #QUIET} since (the last bar's step closes only when the
   * feed stops: no later update will close it), the feed stops, handing on the steps it holds open,
   * and then {@code ended} runs, so the run finishes. An in-process venue's replay ending counts as
   * being in the last bar. A remote venue that never gets there (a live market) keeps the run going.
   */
  void endWithReplay(long lastBarClose, Runnable ended) {
    Thread watcher = new Thread(() -> {
      while (!reached(lastBarClose) && !Thread.currentThread().isInterrupted()) {
        sleep(50);
      }
      long deadline = System.nanoTime() + LAST_STEP_GRACE.toNanos();
      while (lowest() < lastBarClose && System.nanoTime() < deadline
          && System.currentTimeMillis() - feed.lastUpdateMs() < QUIET.toMillis()
          && !Thread.currentThread().isInterrupted()) {
        sleep(50);
      }
      feed.stop().whenComplete((done, error) -> ended.run());
    }, "end-of-data");
    watcher.setDaemon(true);
    watcher.start();
  }

  private boolean reached(long lastBarClose) {
    if (loopback != null && loopback.replay().toCompletableFuture().isDone()) {
      return true;
    }
    for (int a = 0; a < lastSteps.length(); a++) {
      if (lastSteps.get(a) >= lastBarClose - stepMs) {
        return true;
      }
    }
    return false;
  }

  private long lowest() {
    long low = Long.MAX_VALUE;
    for (int a = 0; a < lastSteps.length(); a++) {
      low = Math.min(low, lastSteps.get(a));
    }
    return low;
  }

  LiveFeed feed() {
    return feed;
  }

  /** The feed's figures for a status line. */
  String status() {
    return feed == null ? "" : "  feed: " + feed.steps() + " steps, " + feed.connections() + " connections, "
        + feed.drops().total() + " frames dropped";
  }

  /** The feed's figures in full, for the end of a run. */
  String summary() {
    if (feed == null) {
      return "";
    }
    StringBuilder s = new StringBuilder("market: ").append(feed.steps()).append(" steps from ")
        .append(feed.updates(Leg.SPOT)).append(" spot and ").append(feed.updates(Leg.PERP)).append(" perp updates; ")
        .append(feed.restarts(Leg.SPOT)).append(" spot and ").append(feed.restarts(Leg.PERP))
        .append(" perp websocket restarts; frames dropped: ").append(feed.drops().total());
    String reasons = java.util.Arrays.stream(DropReason.values()).filter(r -> feed.drops().count(r) > 0)
        .map(r -> r.name().toLowerCase(java.util.Locale.ROOT) + " " + feed.drops().count(r))
        .collect(java.util.stream.Collectors.joining(", "));
    s.append(reasons.isEmpty() ? "" : " (" + reasons + ")").append("; ").append(feed.backfillSummary());
    if (venue != null) {
      long behind = venue.hedgesBehind();
      s.append(behind == 0 ? "; the node kept up with the venue (no hedge waited behind its asset's previous one)"
          : "; the node fell behind the venue: " + behind + " hedge(s) waited behind their asset's previous one");
    }
    if (userData != null) {
      long[] told = userData.toldAndLookedUp();
      long[] events = userData.eventsAndRepeats();
      s.append("\naccount: user-data streams told ").append(told[0]).append(" futures order outcome(s), ")
          .append(told[1]).append(" looked up over REST; ").append(events[0]).append(" events (").append(events[1])
          .append(" repeated trades ignored); reconnections: spot ")
          .append(Math.max(0, userData.connections(Leg.SPOT) - 1)).append(", futures ")
          .append(Math.max(0, userData.connections(Leg.PERP) - 1));
    }
    return s.toString();
  }

  /**
   * What the in-process venue injected and refused, and what it holds per asset (spot balance,
   * perp position: a hedged book has them opposite); empty for a remote venue.
   */
  Optional<String> venueSummary(Universe universe) {
    if (loopback == null) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder("loopback venue: ").append(loopback.venue().faultCounts()).append(outsideTrade)
        .append("; holds");
    for (int a = 0; a < universe.assetCount(); a++) {
      String symbol = universe.pair(a).asset().symbol();
      s.append(' ').append(symbol).append(" spot ")
          .append(Fixed.toString(loopback.venue().balance(AssetId.baseOf(symbol))))
          .append(" perp ").append(Fixed.toString(loopback.venue().position(symbol)));
    }
    return Optional.of(s.toString());
  }

  String describe() {
    return (loopback != null ? "loopback venue on " : "venue at ") + httpBase + " (real XChange client)";
  }

  @Override
  public void close() throws Exception {
    if (feed != null) {
      feed.stop();
    }
    if (userData != null) {
      userData.close();
    }
    if (venue != null) {
      venue.close();
    }
    if (loopback != null) {
      loopback.close();
    }
  }
}
