package io.fundarb.streams.loopback;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.ClientOrderIds;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.xchange.BinanceVenueClient;
import io.fundarb.streams.xchange.HedgedExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hedged two-leg execution with the real XChange client against the loopback venue, clean and
 * under injected faults: the final state always matches the venue (positions = venue
 * positions), no orphan leg, no order executed twice.
 */
class HedgedExecutionTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("hedged-execution-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("hk", "hs");
  private static final long HALF = Fixed.parse("0.5");
  private static final HedgeRepair.Settings COMPLETE_THEN_UNWIND =
      new HedgeRepair.Settings(HedgeRepair.Policy.COMPLETE, 0, Fixed.parse("0.0001"), 2);
  /** Children of at most 10 % of recent volume, at most 10 bp of slippage. */
  private static final ChildOrders.Settings CHILDREN = new ChildOrders.Settings(Rate.parse("0.1"), Rate.parse("0.001"));
  private static final LegMarket SPOT = new LegMarket(Fixed.parse("40000.5"),
      Fixed.ofUnits(1_000), Fixed.parse("0.001"), Fixed.parse("0.01"), Fixed.parse("5"));
  private static final LegMarket PERP = new LegMarket(Fixed.parse("40010.5"),
      Fixed.ofUnits(1_000), Fixed.parse("0.001"), Fixed.parse("0.1"), Fixed.parse("100"));

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  /** The venue, the client, the executor, and every wait the client asked for before a retry (ms). */
  private record Setup(LoopbackVenue venue, BinanceVenueClient client, HedgedExecutor executor, List<Long> waits) {}

  private static Setup setup(VenueFaults faults, String perpSize) throws Exception {
    QuotedVenue quoted = QuotedVenue.start(KEYS, faults, perpSize, SYSTEM);
    LoopbackVenue venue = quoted.venue();
    String url = quoted.url();
    List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    BinanceVenueClient client = BinanceVenueClient.connect(url, url, KEYS.apiKey(), KEYS.secret(),
        new RetryDelay(50, 2_000, 8), waits::add);
    client.prepareFutures("BTCUSDT", 1, true);
    return new Setup(venue, client, new HedgedExecutor(client, COMPLETE_THEN_UNWIND, CHILDREN, System::currentTimeMillis),
        waits);
  }

  @Test
  void aCleanHedgedRoundTripEntersAndExitsBothLegs() throws Exception {
    Setup s = setup(VenueFaults.NONE, "10");
    HedgedExecutor.Report entry = s.executor().execute("BTCUSDT", spotIds(1), perpIds(1),
        HALF, -HALF, false, SPOT, PERP);
    assertEquals(0, entry.delta());
    assertTrue(entry.repairs().isEmpty());
    assertEquals(HALF, s.venue().balance("BTC"));
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
    assertEquals(-HALF, s.client().position("BTCUSDT"), "the client reads back what the venue holds");
    HedgedExecutor.Report exit = s.executor().execute("BTCUSDT", spotIds(2), perpIds(2), -HALF, HALF, true, SPOT, PERP);
    assertEquals(0, exit.delta());
    assertEquals(0, s.venue().balance("BTC"));
    assertEquals(0, s.venue().position("BTCUSDT"));
  }

  @Test
  void reconciliationFindsATradeMadeBehindTheNodesBack() throws Exception {
    Setup s = setup(VenueFaults.NONE, "10");
    s.executor().execute("BTCUSDT", spotIds(21), perpIds(21), HALF, -HALF, false, SPOT, PERP);
    Map<String, Reconciliation.Holding> node = Map.of("BTCUSDT", new Reconciliation.Holding(HALF, -HALF));
    assertEquals(List.of(), Reconciliation.compare(node, Map.of("BTCUSDT", s.client().holding("BTCUSDT")), 0));
    s.client().marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "someone-else-1");
    assertEquals(List.of(new Reconciliation.Mismatch("BTCUSDT", Leg.PERP, -HALF, -Fixed.parse("0.6"))),
        Reconciliation.compare(node, Map.of("BTCUSDT", s.client().holding("BTCUSDT")), 0));
  }

  @Test
  void aLegLargerThanRecentLiquidityGoesOutAsChildOrders() throws Exception {
    Setup s = setup(VenueFaults.NONE, "10");
    List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    s.venue().onOrderArrival((id, nanos) -> ids.add(id));
    LegMarket thinSpot = SPOT.at(SPOT.reference(), Fixed.parse("2")); // 10 % of 2 BTC: children of 0.2
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(31), perpIds(31), HALF, -HALF, false,
        thinSpot, PERP);
    assertEquals(0, report.delta());
    assertEquals(List.of(spotIds(31) + "-S0", spotIds(31) + "-S1", spotIds(31) + "-S2"),
        ids.stream().filter(id -> id.contains("-S")).sorted().toList());
    assertEquals(HALF, s.venue().balance("BTC"));
  }

  @Test
  void aSpotLegThatCannotFillInsideItsBandIsRepairedByUnwindingThePerp() throws Exception {
    Setup s = setup(VenueFaults.NONE, "10");
    // a buy limit of 39,039 never reaches the 40,001 ask
    LegMarket staleSpot = SPOT.at(Fixed.parse("39000"), SPOT.recentVolume());
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(41), perpIds(41),
        HALF, -HALF, false, staleSpot, PERP);
    assertEquals(0, report.delta(), report.repairs().toString());
    assertEquals(0, report.spotFilled(), "nothing paid beyond the band");
    assertEquals(0, s.venue().position("BTCUSDT"), "the perp short was bought back");
  }

  @Test
  void aRepairPricesAgainstTheMarketAsItIsThenNotAsItWasWhenTheHedgeBegan() throws Exception {
    Setup s = setup(VenueFaults.NONE, "10");
    // a sell limit of 40,959 never reaches the 40,010 bid
    LegMarket stalePerp = PERP.at(Fixed.parse("41000"), PERP.recentVolume());
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(51), perpIds(51),
        HALF, -HALF, false, () -> SPOT,
        () -> reads.getAndIncrement() == 0 ? stalePerp : PERP, fill -> { });
    assertEquals(0, report.delta(), report.repairs().toString());
    assertEquals(HALF, report.spotFilled(), "the entry stands: " + report.repairs());
    assertEquals(-HALF, s.venue().position("BTCUSDT"), "the perp leg was completed at the market read again");
  }

  @Test
  void aRejectedPerpLegIsRetriedThenTheSpotLegIsUnwoundSoNoOrphanRemains() throws Exception {
    Setup s = setup(new VenueFaults(0, 1, 0, 1.0, "futures", 0, 0, Duration.ZERO, 0, 0, 0, 3), "10");
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(7), perpIds(7),
        HALF, -HALF, false, SPOT, PERP);
    assertEquals(0, report.delta());
    assertEquals(3, report.repairs().size(), "complete, complete, then unwind: " + report.repairs());
    assertTrue(report.repairs().get(2).startsWith("unwind SPOT"), report.repairs().toString());
    assertEquals(0, s.venue().balance("BTC"), "the spot leg was sold back");
    assertEquals(0, s.venue().position("BTCUSDT"));
  }

  @Test
  void aPartiallyFilledPerpLegLeavesABalancedSmallerHedge() throws Exception {
    Setup s = setup(VenueFaults.NONE, "0.2"); // the perp bid offers only 0.2 BTC
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(3), perpIds(3),
        HALF, -HALF, false, SPOT, PERP);
    assertEquals(0, report.delta(), report.repairs().toString());
    assertEquals(Fixed.parse("0.2"), s.venue().balance("BTC"));
    assertEquals(-Fixed.parse("0.2"), s.venue().position("BTCUSDT"));
  }

  @Test
  void anOrderWhoseResponseWasLostIsFoundByItsClientIdAndNotSentAgain() throws Exception {
    Setup s = setup(new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 0, 1, 0, 3), "10"); // every order
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(11), perpIds(11),
        HALF, -HALF, false, SPOT, PERP);
    assertEquals(0, report.delta());
    assertEquals(HALF, s.venue().balance("BTC"), "executed once although the client never saw the answer");
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithoutEverTradingTwice() throws Exception {
    Setup s = setup(new VenueFaults(4, 1, 7, 0, "both", 0, 0, Duration.ZERO, 0, 0, 0, 3), "10");
    HedgedExecutor.Report report = s.executor().execute("BTCUSDT", spotIds(9), perpIds(9),
        HALF, -HALF, false, SPOT, PERP);
    assertEquals(0, report.delta());
    assertEquals(HALF, s.venue().balance("BTC"), "exactly once, though requests were throttled and failed");
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
    assertTrue(s.waits().stream().anyMatch(ms -> ms >= 1_000), "Retry-After (1 s) was honoured: " + s.waits());
  }

  /** The spot order of hedge {@code n} (request 2n of this test's run); the perp order is 2n + 1. */
  private static String spotIds(int n) {
    return ClientOrderIds.prefix("BTCUSDT", 1, 2L * n);
  }

  private static String perpIds(int n) {
    return ClientOrderIds.prefix("BTCUSDT", 1, 2L * n + 1);
  }
}
