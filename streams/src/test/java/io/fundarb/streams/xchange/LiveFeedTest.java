package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.testing.IdleConnectedVenue;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.streams.market.Leg;
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
  void replayedBarsComeBackAsStepsWithTheRecordedBarsAndFunding() throws Exception {
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 80, VenueFaults.NONE)) {
      Universe universe = ReplayedVenue.universe();
      LiveMarket live = new LiveMarket(EIGHT_HOURS, EIGHT_HOURS);
      MarketState state = new MarketState(universe.instrumentCount());
      FundingRecorder funding = new FundingRecorder();
      attach(live, state, funding);
      TopOfBook book = new TopOfBook();
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofSeconds(30)), universe, EIGHT_HOURS, live, book, SYSTEM);
      venue.open(SYSTEM, 2, 100);

      AssetSeries btc = venue.data().assets().get(0);
      int checked = 0;
      long last = Long.MIN_VALUE;
      while (checked < 20) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(live::hasNext);
        long t = live.step();
        assertTrue(t > last, "steps only move forward");
        last = t;
        int row = rowClosingAt(btc.spot(), t);
        int perpRow = rowClosingAt(btc.perp(), t);
        assertEquals(btc.spot().close()[row], state.close(Universe.spotIndex(0)), "spot close at " + t);
        assertEquals(btc.spot().high()[row], state.high(Universe.spotIndex(0)));
        assertEquals(btc.spot().low()[row], state.low(Universe.spotIndex(0)));
        assertEquals(btc.spot().volume()[row], state.volume(Universe.spotIndex(0)), "the recorded volume, exactly");
        assertEquals(btc.perp().close()[perpRow], state.markPrice(Universe.perpIndex(0)), "the mark price");
        checked++;
      }
      assertEquals(0, feed.drops().total(), "every frame valid");
      assertTrue(book.get("ETHUSDT", Leg.PERP) != null, "book tickers reach the top of book");
      assertTrue(funding.settlements.size() >= 15, "a settlement every 8 hours: " + funding.settlements);
      for (long[] settled : funding.settlements) {
        int k = java.util.Arrays.binarySearch(btc.funding().time(), settled[0] - 1);
        int at = k >= 0 ? k : -k - 1; // the settlement at the step's end (recorded a few ms after the bar)
        if (Universe.assetOf((int) settled[2]) == 0) {
          assertEquals(btc.funding().rate()[at], settled[1], "the recorded rate of the settlement at " + settled[0]);
        }
      }
      feed.stop(live).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void faultsAreCountedRestartsAndSilenceAreHeardAndTheStepsGoOn() throws Exception {
    VenueFaults faults = new VenueFaults(0, 1, 0, 0, "both", 0, 9, Duration.ZERO, 60, 0, 3);
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, 40, faults)) {
      Universe universe = ReplayedVenue.universe();
      LiveMarket live = new LiveMarket(EIGHT_HOURS, EIGHT_HOURS);
      attach(live, new MarketState(universe.instrumentCount()), new FundingRecorder());
      List<String> heard = new CopyOnWriteArrayList<>();
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofMillis(400)), universe, EIGHT_HOURS, live,
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
      feed.stop(live).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(feed.drops().count(DropReason.MALFORMED) > 0, "cut frames are counted drops");
      assertTrue(feed.connections(Leg.SPOT) >= 3 && feed.connections(Leg.PERP) >= 3, "a connection closed every 60"
          + " frames is reopened: " + feed.connections(Leg.SPOT) + "/" + feed.connections(Leg.PERP));
      assertTrue(heard.contains("SPOT connect 2") && heard.contains("PERP connect 2"), "restarts are heard: " + heard);
      assertTrue(feed.updates(Leg.SPOT) > 0 && feed.updates(Leg.PERP) > 0);
      assertEquals(java.util.Set.of("BTCUSDT|SPOT", "BTCUSDT|PERP", "ETHUSDT|SPOT", "ETHUSDT|PERP"),
          feed.lastUpdates().keySet());
      assertTrue(feed.steps() >= 20, "most bars still close as steps despite the faults: " + feed.steps());
    }
  }

  /**
   * Websockets closed every 60 frames while bars come every 50 ms: each reconnect's backoff misses
   * bars. The gaps are held and backfilled over REST (the real client's klines against the venue's
   * history), none given up, and the gaps' bars still become steps. (Not asserted: that every step
   * carries every leg's recorded bar — some ETH bars still come through partial, see docs/LIVE.md.)
   */
  @Test
  void theBarsAReconnectMissedAreBackfilledOverRestSoEveryStepCarriesTheRecordedBars() throws Exception {
    VenueFaults disconnects = new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 60, 0, 3);
    int bars = 40;
    try (ReplayedVenue venue = ReplayedVenue.start(SYSTEM, bars, disconnects)) {
      Universe universe = ReplayedVenue.universe();
      LiveMarket live = new LiveMarket(EIGHT_HOURS, EIGHT_HOURS);
      attach(live, new MarketState(universe.instrumentCount()), new FundingRecorder());
      BinanceVenueClient rest = BinanceVenueClient.connect(venue.httpBase(), venue.httpBase(),
          ReplayedVenue.KEYS.apiKey(), ReplayedVenue.KEYS.secret(), new io.fundarb.engine.exec.RetryDelay(50, 500, 3));
      LiveFeed feed = LiveFeed.start(settings(venue, Duration.ofSeconds(30)), universe, EIGHT_HOURS, live,
          new TopOfBook(), rest::klines, SYSTEM);
      venue.open(SYSTEM, 2, 50).toCompletableFuture().get(60, TimeUnit.SECONDS);
      feed.stop(live).toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertTrue(feed.restarts(Leg.SPOT) >= 3 && feed.restarts(Leg.PERP) >= 3, "reconnects: " + feed.restarts(Leg.SPOT)
          + "/" + feed.restarts(Leg.PERP));
      int steps = 0;
      while (live.hasNext()) {
        live.step();
        steps++;
      }
      assertTrue(steps >= bars - 3, "the bars of the gaps still become steps (35 of 40 without backfill): " + steps
          + "; " + feed.backfillSummary());
      assertTrue(feed.backfilledBars() > 0, feed.backfillSummary());
      assertEquals(0, feed.gapsGivenUp(), feed.backfillSummary());
    }
  }

  private static LiveFeed.Settings settings(ReplayedVenue venue, Duration staleAfter) {
    return new LiveFeed.Settings(venue.websocket("spot"), venue.websocket("futures"), Duration.ofMillis(20),
        Duration.ofMillis(100), 0.1, 1024, staleAfter, Duration.ofSeconds(5));
  }

  private static void attach(LiveMarket live, MarketState state, ConnectedVenue venue) {
    live.attach(state, new ManualClock(0), venue, new MarketObserver() {
      @Override
      public void onBar(int instrument, long time) {}

      @Override
      public void onFunding(int perp, long time, long rate) {}

      @Override
      public void onSentiment(long time, int value) {}
    });
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

  /** The venue side of the market: records the funding settlements the steps carry. */
  private static final class FundingRecorder extends IdleConnectedVenue {
    final List<long[]> settlements = new ArrayList<>();

    @Override
    public void onFunding(int perp, long time, long rate) {
      settlements.add(new long[] {time, rate, perp});
    }
  }
}
