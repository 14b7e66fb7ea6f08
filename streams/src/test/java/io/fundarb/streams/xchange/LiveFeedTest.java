package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.sim.MarketObserver;
import io.fundarb.engine.time.ManualClock;
import io.fundarb.engine.venue.ExecutionListener;
import io.fundarb.streams.market.Leg;
import io.fundarb.streams.market.TopOfBook;
import org.awaitility.Awaitility;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.streams.loopback.HistoricalMarket;
import io.fundarb.streams.loopback.LoopbackVenue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The real XChange websocket client against the loopback venue replaying real bars, closed into steps. */
class LiveFeedTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("live-feed-test");
  private static final long EIGHT_HOURS = 8 * 3_600_000L;

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  @Test
  void replayedBarsComeBackAsStepsWithTheRecordedBarsAndFunding() throws Exception {
    MarketData all = RealData.load("BINANCE");
    MarketData data = all.slice(all.from(), all.from() + 80 * EIGHT_HOURS);
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    HistoricalMarket market = new HistoricalMarket(data, Rate.parse("0.0001"), Rate.parse("0.1"));
    LoopbackVenue served = new LoopbackVenue(new LoopbackVenue.Credentials("k", "s"), Rate.parse("0.001"),
        Rate.parse("0.0005"), System::currentTimeMillis, market.feed());
    int port = served.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    LiveMarket live = new LiveMarket(EIGHT_HOURS, EIGHT_HOURS);
    MarketState state = new MarketState(universe.instrumentCount());
    FundingRecorder funding = new FundingRecorder();
    live.attach(state, new ManualClock(0), funding, new MarketObserver() {
      @Override
      public void onBar(int instrument, long time) {}

      @Override
      public void onFunding(int perp, long time, long rate) {}

      @Override
      public void onSentiment(long time, int value) {}
    });
    TopOfBook book = new TopOfBook();
    market.start(served, EIGHT_HOURS / 100.0, SYSTEM); // 100 ms per bar; the first ones pass before the client connects
    LiveFeed feed = LiveFeed.start(new LiveFeed.Settings("ws://127.0.0.1:" + port + "/spot/",
        "ws://127.0.0.1:" + port + "/futures/", Duration.ofMillis(50), Duration.ofMillis(200), 0.1, 1024),
        universe, EIGHT_HOURS, live, book, SYSTEM);

    AssetSeries btc = data.assets().get(0);
    int checked = 0;
    long last = Long.MIN_VALUE;
    while (checked < 20) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(live::hasNext);
      long t = live.step();
      assertTrue(t > last, "steps only move forward");
      last = t;
      int row = rowClosingBefore(btc.spot(), t);
      int perpRow = rowClosingBefore(btc.perp(), t);
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

  private static int rowClosingBefore(io.fundarb.engine.data.Bars bars, long time) {
    int row = bars.size() - 1;
    while (bars.closeTime(row) >= time) {
      row--;
    }
    return row;
  }

  /** The venue side of the market: records the funding settlements the steps carry. */
  private static final class FundingRecorder implements ConnectedVenue {
    final List<long[]> settlements = new ArrayList<>();

    @Override
    public void onFunding(int perp, long time, long rate) {
      settlements.add(new long[] {time, rate, perp});
    }

    @Override
    public void connect(MarketState market, ExecutionListener listener) {}

    @Override
    public void onArrival(Runnable callback) {}

    @Override
    public void deliver(long time) {}

    @Override
    public void afterDecisions() {}

    @Override
    public List<Reconciliation.Mismatch> drainMismatches() {
      return List.of();
    }

    @Override
    public void submit(OrderRequest order) {}

    @Override
    public void cancel(InstrumentId instrument, long clientOrderId) {}

    @Override
    public void transferMargin(long requestId, InstrumentId perp, long amount) {}
  }
}
