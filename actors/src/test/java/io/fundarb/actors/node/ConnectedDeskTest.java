package io.fundarb.actors.node;

import io.fundarb.engine.instrument.Leg;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.testing.IdleConnectedVenue;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;

/**
 * A desk on a connected venue (live market, venue outcomes arriving on other threads): when the
 * venue's periodic reconciliation finds holdings the node's executions do not explain, the asset's
 * breaker opens at once and the asset is paused; the other asset trades on.
 */
class ConnectedDeskTest {
  private static final long STEP = 8 * 3_600_000L;

  @Test
  void aVenueMismatchFoundBetweenStepsOpensThatAssetsBreaker() throws Exception {
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    LiveMarket market = new LiveMarket(STEP, STEP);
    FindingVenue venue = new FindingVenue();
    try (FundarbNode node = FundarbNode.start(NodeFixtures.assets("threshold"), JournalSettings.h2Memory("connected"),
        ConfigFactory.empty())) {
      node.runDesk(market, venue, "BINANCE", universe, config, NodeFixtures.assets("threshold"),
          NodeFixtures.virtualTime());
      long t0 = 1_700_006_400_000L;
      for (int k = 1; k <= 3; k++) {
        market.offer(step(t0 + k * STEP));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> status(node).step() >= 3);

      venue.find(new Reconciliation.Mismatch("BINANCE:BTCUSDT", Leg.SPOT, 0, Fixed.parse("0.5")));
      await().atMost(Duration.ofSeconds(30)).until(() -> asset(node, "BINANCE:BTCUSDT").breaker()
          == CircuitBreaker.State.OPEN);
      AssetSupervisor.AssetStatus btc = asset(node, "BINANCE:BTCUSDT");
      assertTrue(btc.paused(), "paused until an operator resumes it");
      AssetSupervisor.AssetStatus eth = asset(node, "BINANCE:ETHUSDT");
      assertEquals(CircuitBreaker.State.CLOSED, eth.breaker());
      assertFalse(eth.paused(), "the other asset is not touched");

      market.offer(step(t0 + 4 * STEP));
      market.end();
      ReplayDesk.Finished finished = node.finished().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(4, finished.result().metrics().steps(), "the run went on after the mismatch");
    }
  }

  /** A step with a bar and a mark on every leg at constant prices. */
  private static LiveMarket.Step step(long time) {
    List<LiveMarket.Event> events = new ArrayList<>();
    long[] prices = {Fixed.ofUnits(37_000), Fixed.ofUnits(2_000)};
    for (int a = 0; a < prices.length; a++) {
      for (int i : new int[] {Universe.spotIndex(a), Universe.perpIndex(a)}) {
        events.add(new LiveMarket.Event.Bar(i, prices[a], prices[a], prices[a], prices[a], Fixed.ofUnits(1_000)));
        events.add(new LiveMarket.Event.Mark(i, prices[a]));
      }
    }
    return new LiveMarket.Step(time, events);
  }

  private static ReplayDesk.NodeStatus status(FundarbNode node) throws Exception {
    return AskPattern.<ReplayDesk.Command, ReplayDesk.NodeStatus>ask(node.desk(), ReplayDesk.GetStatus::new,
        Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get();
  }

  private static AssetSupervisor.AssetStatus asset(FundarbNode node, String id) throws Exception {
    return node.asset(id).ask(AssetSupervisor.GetStatus::new, Duration.ofSeconds(5)).toCompletableFuture().get();
  }

  /** A venue that never fills and, when told, reports a reconciliation finding as ExchangeVenue does. */
  private static final class FindingVenue extends IdleConnectedVenue {
    private final List<Reconciliation.Mismatch> found = new ArrayList<>();
    private volatile Runnable arrival = () -> { };

    void find(Reconciliation.Mismatch mismatch) {
      synchronized (found) {
        found.add(mismatch);
      }
      arrival.run();
    }

    @Override
    public List<Reconciliation.Mismatch> drainMismatches() {
      synchronized (found) {
        List<Reconciliation.Mismatch> out = List.copyOf(found);
        found.clear();
        return out;
      }
    }

    @Override
    public void onArrival(Runnable callback) {
      arrival = callback;
    }
  }
}
