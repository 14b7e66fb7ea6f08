package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.market.MarketState;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.TopOfBook;
import org.awaitility.Awaitility;
import io.fundarb.streams.loopback.ReplayedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The real XChange websocket client against the loopback venue replaying real bars, closed into steps. */
class LiveFeedTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("live-feed-test");
  private static final long EIGHT_HOURS = ReplayedVenue.EIGHT_HOURS;

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  @Test
  void replayedBarsComeBackAsEachAssetsStepsWithTheRecordedBarsAndFunding() throws Exception {
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 80, VenueFaults.NONE)) {
      Universe universe = ReplayedVenue.universe();
      Steps steps = new Steps(universe);
      TopOfBook book = new TopOfBook();
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofSeconds(30)), universe, EIGHT_HOURS, steps, book, SYSTEM);
      venue.open(SYSTEM, 2, 100);

      List<Long> times = new ArrayList<>();
      while (times.size() < 40) {
        Steps.Applied applied = steps.next(Duration.ofSeconds(30));
        assertEquals(List.of(), barDifferences(venue, applied.asset(), steps.state(applied.asset()), applied.time()),
            "the recorded bars, volumes and marks, exactly");
        times.add(applied.time());
      }
      assertEquals(0, feed.drops().total(), "every frame valid");
      assertTrue(book.get("ETHUSDT", Leg.PERP) != null, "book tickers reach the top of book");
      assertRecordedSettlements(venue, steps.bothAssets(times), steps);
      feed.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void faultsAreCountedRestartsAndSilenceAreHeardAndTheStepsGoOn() throws Exception {
    VenueFaults faults = new VenueFaults(0, 1, 0, 0, "both", 0, 9, Duration.ZERO, 60, 0, 0, 3);
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 40, faults)) {
      Universe universe = ReplayedVenue.universe();
      List<String> heard = new CopyOnWriteArrayList<>();
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofMillis(400)), universe, EIGHT_HOURS, new Steps(universe),
          new TopOfBook(), SYSTEM);
      feed.listen(new LiveFeed.Listener() {
        @Override
        public void onConnect(Leg leg, long attempt) {
          heard.add(leg + " connect " + attempt);
        }

        @Override
        public void onHealth(FeedEvent event) {
          heard.add(event.toString());
        }
      });
      venue.open(SYSTEM, 2, 50).toCompletableFuture().get(60, TimeUnit.SECONDS);

      // once the replay is over the venue is silent: every stream that delivered is reported stale
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heard.stream()
          .filter(h -> h.startsWith("Stale[stream=BTCUSDT|")).count() == 2);
      feed.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(feed.drops().count(DropReason.MALFORMED) > 0, "cut frames are counted drops");
      assertTrue(feed.connections(Leg.SPOT) >= 3 && feed.connections(Leg.PERP) >= 3, "a connection closed every 60"
          + " frames is reopened: " + feed.connections(Leg.SPOT) + "/" + feed.connections(Leg.PERP));
      assertTrue(heard.contains("SPOT connect 2") && heard.contains("PERP connect 2"), "restarts are heard: " + heard);
      assertTrue(feed.updates(Leg.SPOT) > 0 && feed.updates(Leg.PERP) > 0);
      assertEquals(java.util.Set.of("BTCUSDT|SPOT", "BTCUSDT|PERP", "ETHUSDT|SPOT", "ETHUSDT|PERP"),
          feed.lastUpdates().keySet());
      assertTrue(feed.steps() >= 40, "most bars still close as steps, per asset, despite the faults: " + feed.steps());
    }
  }

  /**
   * Websockets closed every 60 frames while bars come every 50 ms: each reconnect's backoff misses
   * bars and funding announcements. The gaps are held and backfilled over REST (the real client's
   * klines and funding-rate history against the venue's), none given up: every step carries every
   * leg's recorded bar, and every recorded settlement at its time, once — except where a drop was
   * noticed only after its step had closed (the kline and settlement then come late, and are
   * counted so). Marks are not backfilled: a gap's step keeps the last mark heard.
   */
  @Test
  void theBarsAReconnectMissedAreBackfilledOverRestSoEveryStepCarriesTheRecordedBars() throws Exception {
    VenueFaults disconnects = new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 60, 0, 0, 3);
    int bars = 40;
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, bars, disconnects)) {
      Universe universe = ReplayedVenue.universe();
      Steps steps = new Steps(universe);
      BinanceVenueClient rest = BinanceVenueClient.connect(venue.httpBase(), venue.httpBase(),
          ReplayedVenue.KEYS.apiKey(), ReplayedVenue.KEYS.secret(), new io.fundarb.engine.exec.RetryDelay(50, 500, 3));
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofSeconds(30)), universe, EIGHT_HOURS, steps,
          new TopOfBook(), rest::missed, SYSTEM);
      venue.open(SYSTEM, 2, 50).toCompletableFuture().get(60, TimeUnit.SECONDS);
      feed.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertTrue(feed.restarts(Leg.SPOT) >= 3 && feed.restarts(Leg.PERP) >= 3, "reconnects: " + feed.restarts(Leg.SPOT)
          + "/" + feed.restarts(Leg.PERP));
      List<Long> times = new ArrayList<>();
      List<String> off = new ArrayList<>();
      Steps.Applied applied;
      while ((applied = steps.poll()) != null) {
        barDifferences(venue, applied.asset(), steps.state(applied.asset()), applied.time()).stream()
            .filter(d -> !d.contains(" mark at ")).forEach(off::add);
        times.add(applied.time());
      }
      assertTrue(times.size() >= 2 * (bars - 3), "the bars of the gaps still become steps, per asset (35 of 40"
          + " without backfill): " + times.size() + "; " + feed.backfillSummary());
      assertTrue(feed.backfilledBars() > 0 && feed.backfilledSettlements() > 0, feed.backfillSummary());
      assertEquals(0, feed.gapsGivenUp(), feed.backfillSummary());
      // a drop noticed only after the other leg closed the step leaves that step its older bar: its kline is late
      assertTrue(off.size() <= feed.lateBars(), "only steps whose kline came late differ: " + off + "; "
          + feed.backfillSummary());
      if (feed.lateBars() == 0 && feed.lateSettlements() == 0) {
        assertRecordedSettlements(venue, steps.bothAssets(times), steps);
      }
    }
  }

  private static LiveFeed.Settings settings(ReplayedVenue venue, Duration staleAfter) {
    return new LiveFeed.Settings(venue.websocket("spot"), venue.websocket("futures"), Duration.ofMillis(20),
        Duration.ofMillis(100), 0.1, 1024, staleAfter, Duration.ofSeconds(5));
  }

  /**
   * What differs from asset {@code a}'s recorded bars closing at {@code t} (both legs' OHLCV, the
   * perp's mark) in its own market {@code state} (its two legs); empty when none.
   */
  private static List<String> barDifferences(ReplayedVenue venue, int a, MarketState state, long t) {
    List<String> off = new ArrayList<>();
    AssetSeries series = venue.data().assets().get(a);
    for (int i : new int[] {Universe.spotIndex(0), Universe.perpIndex(0)}) {
      io.fundarb.engine.data.Bars bars = i == Universe.spotIndex(0) ? series.spot() : series.perp();
      int row = rowClosingAt(bars, t);
      List<Long> recorded = List.of(bars.open()[row], bars.high()[row], bars.low()[row], bars.close()[row],
          bars.volume()[row]);
      List<Long> held = List.of(state.open(i), state.high(i), state.low(i), state.close(i), state.volume(i));
      if (!recorded.equals(held)) {
        off.add(series.asset().symbol() + " leg " + i + " at " + t + ": OHLCV " + held + ", recorded " + recorded);
      }
    }
    long mark = series.perp().close()[rowClosingAt(series.perp(), t)];
    if (state.markPrice(Universe.perpIndex(0)) != mark) {
      off.add(series.asset().symbol() + " mark at " + t + ": " + state.markPrice(Universe.perpIndex(0)) + ", recorded "
          + mark);
    }
    return off;
  }

  /** The settlements the steps carried are exactly the recorded ones at the steps' times, at the recorded rates. */
  private static void assertRecordedSettlements(ReplayedVenue venue, List<Long> stepTimes, Steps funding) {
    java.util.Map<String, Long> expected = new java.util.TreeMap<>();
    for (int a = 0; a < venue.data().assets().size(); a++) {
      io.fundarb.engine.data.FundingSeries recorded = venue.data().assets().get(a).funding();
      for (long t : stepTimes) {
        int k = java.util.Arrays.binarySearch(recorded.time(), t);
        if (k >= 0) {
          expected.put(Universe.perpIndex(a) + "@" + t, recorded.rate()[k]);
        }
      }
    }
    java.util.Map<String, Long> booked = new java.util.TreeMap<>();
    for (long[] settled : funding.settlements) {
      assertEquals(null, booked.put(settled[2] + "@" + settled[0], settled[1]), "booked once: " + settled[0]);
    }
    assertTrue(expected.size() >= stepTimes.size(), "a settlement every 8 hours per asset: " + expected);
    assertEquals(expected, booked);
  }

  /** The recorded bar a step carries: the one closing at the step's time, as in the backtester's tape. */
  private static int rowClosingAt(io.fundarb.engine.data.Bars bars, long time) {
    int row = bars.size() - 1;
    while (bars.closeTime(row) > time) {
      row--;
    }
    assertEquals(time, bars.closeTime(row), "a step is stamped with its bar's close");
    return row;
  }

  /**
   * Each asset's steps as the feed hands them on: kept in arrival order, applied (by the test's
   * thread) to each asset's own market, their funding settlements recorded.
   */
  private static final class Steps implements LiveFeed.Steps {
    record Applied(int asset, long time) {}

    private final java.util.concurrent.BlockingQueue<Object[]> closed = new java.util.concurrent.LinkedBlockingQueue<>();
    private final MarketState[] states;
    private final java.util.Map<Long, Integer> assetsAt = new java.util.HashMap<>();
    private final long[] last;
    final List<long[]> settlements = new ArrayList<>();

    Steps(Universe universe) {
      states = new MarketState[universe.assetCount()];
      last = new long[universe.assetCount()];
      for (int a = 0; a < states.length; a++) {
        states[a] = new MarketState(2);
        last[a] = Long.MIN_VALUE;
      }
    }

    @Override
    public void closed(int asset, MarketStep step) {
      closed.add(new Object[] {asset, step});
    }

    Applied next(Duration within) throws InterruptedException {
      Object[] next = closed.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(next != null, "a step within " + within);
      return apply((int) next[0], (MarketStep) next[1]);
    }

    Applied poll() {
      Object[] next = closed.poll();
      return next == null ? null : apply((int) next[0], (MarketStep) next[1]);
    }

    private Applied apply(int asset, MarketStep step) {
      assertTrue(step.time() > last[asset], "an asset's steps only move forward");
      last[asset] = step.time();
      for (MarketEvent event : step.events()) {
        event.applyTo(states[asset], 0, step.time());
        if (event instanceof MarketEvent.Funding f) {
          settlements.add(new long[] {step.time(), f.rate(), Universe.perpIndex(asset)});
        }
      }
      assetsAt.merge(step.time(), 1, Integer::sum);
      return new Applied(asset, step.time());
    }

    MarketState state(int asset) {
      return states[asset];
    }

    /** The step times every asset closed. */
    List<Long> bothAssets(List<Long> times) {
      return times.stream().distinct().filter(t -> assetsAt.get(t) == states.length).sorted().toList();
    }
  }
}
