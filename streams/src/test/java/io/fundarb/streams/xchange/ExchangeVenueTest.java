package io.fundarb.streams.xchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.QuotedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import io.fundarb.streams.market.TopOfBook;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.ActorSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An account's connected venue against the loopback venue, through the real XChange REST client. */
class ExchangeVenueTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("exchange-venue-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("key", "secret");
  private static final long HALF = Fixed.parse("0.5");
  private static final LegMarket SPOT = new LegMarket(Fixed.parse("40000.5"), Fixed.ofUnits(100), Fixed.parse("0.00001"),
      Fixed.parse("0.01"), Fixed.parse("5"));
  private static final LegMarket PERP = new LegMarket(Fixed.parse("40010.5"), Fixed.ofUnits(100), Fixed.parse("0.001"),
      Fixed.parse("0.1"), Fixed.parse("100"));
  private final Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
  /** The asset's books, as its order actor keeps them from the reports. */
  private final Portfolio portfolio = new Portfolio(universe, Fixed.ofUnits(100_000), 1, TradeJournal.disabled());
  private final List<VenueReport> reports = new CopyOnWriteArrayList<>();
  private final List<Reconciliation.Mismatch> mismatches = new CopyOnWriteArrayList<>();

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private record Setup(LoopbackVenue venue, BinanceVenueClient client, ExchangeVenue exchange) {}

  private Setup setup(VenueFaults faults, long reconcileEveryMs) throws Exception {
    QuotedVenue quoted = QuotedVenue.start(KEYS, faults, "10", SYSTEM);
    BinanceVenueClient client = BinanceVenueClient.connect(quoted.url(), quoted.url(), KEYS.apiKey(), KEYS.secret(),
        new RetryDelay(20, 200, 4));
    return new Setup(quoted.venue(), client, open(client, reconcileEveryMs, null));
  }

  private ExchangeVenue open(BinanceVenueClient client, long reconcileEveryMs, ExchangeVenue.Baseline resumed) {
    ExchangeVenue exchange = ExchangeVenue.open(universe, client, settings(reconcileEveryMs), new TopOfBook(), 1,
        System::currentTimeMillis, resumed);
    exchange.attach(0, portfolio.ledger().quantity(Universe.spotIndex(0)), portfolio.ledger().quantity(
        Universe.perpIndex(0)), 0, r -> {
      synchronized (portfolio) {
        r.forEach(report -> report.deliverTo(portfolio));
      }
      reports.addAll(r);
    }, mismatches::add);
    return exchange;
  }

  private static ExchangeVenue.Settings settings(long reconcileEveryMs) {
    return new ExchangeVenue.Settings(new HedgeRepair.Settings(HedgeRepair.Policy.COMPLETE, 0, Fixed.parse("0.0001"), 2),
        new ChildOrders.Settings(Rate.parse("0.5"), Rate.parse("0.002")), Rate.parse("0.001"), Rate.parse("0.0005"),
        reconcileEveryMs, 0, 2);
  }

  private List<VenueRequest> hedge(long spotId, long perpId, long quantity) {
    portfolio.track(spotId, Universe.spotIndex(0));
    portfolio.track(perpId, Universe.perpIndex(0));
    return List.of(new VenueRequest.Submit(OrderRequest.market(spotId, universe.id(Universe.spotIndex(0)), Side.BUY,
        new Quantity(quantity), false)), new VenueRequest.Submit(OrderRequest.market(perpId,
        universe.id(Universe.perpIndex(0)), Side.SELL, new Quantity(quantity), false)));
  }

  private void send(ExchangeVenue exchange, List<VenueRequest> requests) {
    int before = reports.size();
    exchange.send(0, requests, SPOT, PERP);
    Awaitility.await("the hedge's reports").atMost(Duration.ofSeconds(30)).until(() -> reports.size() > before);
  }

  @Test
  void aHedgeThatWaitsBehindTheAssetsPreviousOneIsCountedAsTheNodeFallingBehind() throws Exception {
    // every second signed request throttled with Retry-After 1 s: the first hedge takes seconds
    Setup s = setup(new VenueFaults(2, 1, 0, 0, "both", 0, 0, Duration.ZERO, 0, 0, 0, 3), 0);
    int before = reports.size();
    s.exchange().send(0, hedge(1_000_000, 2_000_000, HALF), SPOT, PERP);
    assertEquals(0, s.exchange().hedgesBehind(), "one hedge at a time is keeping up");
    s.exchange().send(0, hedge(1_000_001, 2_000_001, HALF), SPOT, PERP);
    assertEquals(1, s.exchange().hedgesBehind(), "the second waits behind the first");
    Awaitility.await("both hedges' reports").atMost(Duration.ofSeconds(60)).until(() -> reports.size() >= before + 4);
    s.exchange().reconcileNow(); // waits for the asset's lane to finish its work
    s.exchange().send(0, hedge(1_000_002, 2_000_002, HALF), SPOT, PERP);
    assertEquals(1, s.exchange().hedgesBehind(), "once both completed, the next starts at once");
    s.exchange().close();
  }

  @Test
  void aHedgeLeavesTogetherAndItsFillsMakeTheAssetsBooksHoldWhatTheVenueHolds() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    send(s.exchange(), hedge(1_000_000, 2_000_000, HALF));

    assertEquals(HALF, s.venue().balance("BTC"));
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
    assertEquals(HALF, portfolio.ledger().quantity(Universe.spotIndex(0)), "the asset's books, from the fills");
    assertEquals(-HALF, portfolio.ledger().quantity(Universe.perpIndex(0)));
    assertEquals(0, portfolio.openOrders().size(), "both orders completed");
    long spent = Fixed.ofUnits(100_000) - s.venue().balance("USDT");
    long spotFee = portfolio.ledger().fees(Universe.spotIndex(0));
    assertEquals(Fixed.parse("20.0005"), spotFee, "0.1 % of 0.5 x 40001, as the venue charged it");
    assertEquals(Fixed.mul(HALF, Fixed.parse("40001"), java.math.RoundingMode.UNNECESSARY) + spotFee, spent,
        "the asset's fill price and fee are the venue's, exactly");
    assertEquals(List.of(), s.exchange().reconcileNow(), "nothing to reconcile");
    s.exchange().close();
  }

  @Test
  void aPerpLegTheVenueAlwaysRefusesLeavesNoOrphan() throws Exception {
    Setup s = setup(new VenueFaults(0, 1, 0, 1.0, "futures", 0, 0, Duration.ZERO, 0, 0, 0, 5), 0);
    send(s.exchange(), hedge(1_000_000, 2_000_000, HALF));

    assertEquals(0, s.venue().balance("BTC"), "the filled spot leg was unwound at the venue");
    assertEquals(0, s.venue().position("BTCUSDT"));
    assertEquals(0, portfolio.ledger().quantity(Universe.spotIndex(0)), "and the asset's books say so");
    assertEquals(0, portfolio.ledger().quantity(Universe.perpIndex(0)));
    assertEquals(1, portfolio.rejections(), "the perp order ends rejected");
    assertEquals(0, portfolio.openOrders().size());
    s.exchange().close();
  }

  /** A position already open on the venue (a hand-made one, another run's) is not traded on top of by a new run. */
  @Test
  void aNewRunRefusesAnAccountAlreadyHoldingAPerpPositionAResumedOneDoesNot() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    s.client().marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "left-over-1");

    var refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> open(s.client(), 0, null));
    assertTrue(refused.getMessage().contains("already holds -0.1 BTCUSDT perp"), refused.getMessage());
    ExchangeVenue resumed = open(s.client(), 0, s.exchange().baseline());
    assertEquals(s.exchange().baseline(), resumed.baseline(), "the run and its starting balances kept");
    resumed.close();
    s.exchange().close();
  }

  /**
   * A node killed after its hedge reached the venue (its outcome never booked): the restarted node
   * asks the venue by client id and books exactly what executed, sending nothing again.
   */
  @Test
  void aRestartedNodeResolvesItsInFlightOrdersByClientIdWithoutSendingThemAgain() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    List<VenueRequest> requests = hedge(1_000_000, 2_000_000, HALF);
    send(s.exchange(), requests);
    s.exchange().close();
    reports.clear();
    Portfolio fresh = new Portfolio(universe, Fixed.ofUnits(100_000), 1, TradeJournal.disabled());
    fresh.track(1_000_000, Universe.spotIndex(0)); // what the journal shows: sent, no outcome
    fresh.track(2_000_000, Universe.perpIndex(0));

    ExchangeVenue restarted = ExchangeVenue.open(universe, s.client(), settings(0), new TopOfBook(), 1,
        System::currentTimeMillis, s.exchange().baseline());
    restarted.attach(0, 0, 0, 2, r -> { }, m -> { }); // the journal holds the requests, not their outcome
    List<VenueReport> resolved = restarted.resolve(0, new long[] {1_000_000, 2_000_000});
    resolved.forEach(r -> r.deliverTo(fresh));

    assertEquals(HALF, fresh.ledger().quantity(Universe.spotIndex(0)), "the spot leg's executions, found by id");
    assertEquals(-HALF, fresh.ledger().quantity(Universe.perpIndex(0)));
    assertEquals(portfolio.ledger().fees(Universe.spotIndex(0)), fresh.ledger().fees(Universe.spotIndex(0)),
        "the same price and fee as when the hedge was booked live");
    assertEquals(0, fresh.openOrders().size(), "every request in flight ended");
    assertEquals(new Reconciliation.Holding(HALF, -HALF), restarted.holding(0), "the venue holds what was booked");
    assertEquals(HALF, s.venue().balance("BTC"), "nothing was sent again");
    restarted.close();
  }

  /**
   * The periodic reconciliation of a resumed asset waits until its in-flight requests are resolved:
   * before that, the venue holds fills the books do not show yet, and the asset would be tripped
   * just before it adopts them (seen in ConnectedCrashRecoveryTest).
   */
  @Test
  void aResumedAssetIsNotReconciledUntilItsInFlightRequestsAreResolved() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    send(s.exchange(), hedge(1_000_000, 2_000_000, HALF));
    s.exchange().close();
    ExchangeVenue restarted = ExchangeVenue.open(universe, s.client(), settings(10), new TopOfBook(), 1,
        System::currentTimeMillis, s.exchange().baseline());
    restarted.attach(0, 0, 0, 2, r -> { }, mismatches::add);
    // twenty reconciliation periods while the journal's view is still the old one: nothing reconciled
    Awaitility.await("no mismatch before the venue's fills are booked").during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5)).until(mismatches::isEmpty);
    restarted.resolve(0, new long[] {1_000_000, 2_000_000});
    Awaitility.await("no mismatch after: the venue holds what was resolved").during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5)).until(mismatches::isEmpty);
    s.client().marketOrder(Leg.SPOT, "BTCUSDT", Fixed.parse("0.1"), false, "someone-else-2");
    Awaitility.await("reconciliation runs again").atMost(Duration.ofSeconds(30)).until(() -> !mismatches.isEmpty());
    restarted.close();
  }

  @Test
  void aTradeBehindTheNodesBackIsFoundByThePeriodicReconciliationOnce() throws Exception {
    Setup s = setup(VenueFaults.NONE, 50);
    send(s.exchange(), hedge(1_000_000, 2_000_000, HALF));
    mismatches.clear();
    s.client().marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "someone-else-1");

    Awaitility.await("the mismatch").atMost(Duration.ofSeconds(30)).until(() -> !mismatches.isEmpty());
    assertEquals(List.of(new Reconciliation.Mismatch("BINANCE:BTCUSDT", Leg.PERP, -HALF, -Fixed.parse("0.6"))),
        mismatches);
    Awaitility.await("reported once, not at every reconciliation").during(Duration.ofMillis(300)) // six more
        .atMost(Duration.ofSeconds(5)).until(() -> mismatches.size() == 1);
    s.exchange().close();
  }

  @Test
  void thePeriodicReconciliationNeverReadsTheVenueInTheMiddleOfAnAssetsHedge() throws Exception {
    Setup s = setup(VenueFaults.NONE, 10);
    s.venue().onOrderArrival((id, nanos) -> {
      if (id.endsWith("-P0")) { // the perp leg waits until the spot leg has executed, then 200 ms more
        try {
          Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.venue().balance("BTC") != 0);
          Thread.sleep(200); // the slow leg this test is about, inside the venue: not a wait for the test
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    send(s.exchange(), hedge(1_000_000, 2_000_000, HALF));
    assertEquals(HALF, s.venue().balance("BTC"));
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
    // the venue held a half-done hedge for 200 ms, and ten more reconciliations follow: not a mismatch
    Awaitility.await("no mismatch").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
        .until(mismatches::isEmpty);
    s.exchange().close();
  }

  /**
   * An asset moves to another cluster member while its hedge is at the venue: its new owner attaches
   * (its journal: nothing booked, the two requests in flight) before the hedge ends. The hedge's
   * outcome must go to the old owner only, and the new owner learn it once, by asking for its
   * requests; the venue's count of what was executed must then equal what it holds.
   */
  @Test
  void anAssetThatMovesMidHedgeLearnsItsOldHedgeOnceByAskingForIt() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    java.util.concurrent.CountDownLatch moved = new java.util.concurrent.CountDownLatch(1);
    s.venue().onOrderArrival((id, nanos) -> {
      if (id.endsWith("-P0")) { // the perp leg is held at the venue until the asset has moved
        try {
          moved.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    s.exchange().send(0, hedge(1_000_000, 2_000_000, HALF), SPOT, PERP);
    Awaitility.await("the spot leg executed, the perp leg held").atMost(Duration.ofSeconds(10))
        .until(() -> s.venue().balance("BTC") != 0);
    List<VenueReport> newOwner = new CopyOnWriteArrayList<>();
    s.exchange().attach(0, 0, 0, 2, newOwner::addAll, mismatches::add);
    moved.countDown();
    Awaitility.await("the hedge's outcome, told to its old owner").atMost(Duration.ofSeconds(30))
        .until(() -> reports.stream().anyMatch(r -> r instanceof VenueReport.Filled f
            && f.fill().instrument().equals(universe.id(Universe.perpIndex(0)))));
    List<VenueReport> resolved = s.exchange().resolve(0, new long[] {1_000_000, 2_000_000});
    assertTrue(newOwner.isEmpty(), "the new owner hears nothing of the old hedge but what it asks: " + newOwner);
    long spot = 0;
    long perp = 0;
    for (VenueReport r : resolved) {
      if (r instanceof VenueReport.Filled f) {
        spot += f.fill().instrument().equals(universe.id(Universe.spotIndex(0))) ? f.fill().signedQuantity() : 0;
        perp += f.fill().instrument().equals(universe.id(Universe.perpIndex(0))) ? f.fill().signedQuantity() : 0;
      }
    }
    assertEquals(HALF, spot, "asked for, the spot leg's fills: " + resolved);
    assertEquals(-HALF, perp, "and the perp leg's: " + resolved);
    assertEquals(List.of(), s.exchange().reconcileNow(), "each fill counted once: the venue holds what was executed");
    s.exchange().close();
  }
}
