package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.QuotedVenue;
import io.fundarb.streams.loopback.VenueFaults;
import io.fundarb.streams.market.TopOfBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The account's connected venue against the loopback venue, through the real XChange REST client. */
class ExchangeVenueTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("exchange-venue-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("key", "secret");
  private static final long HALF = Fixed.parse("0.5");
  private final Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
  private final Portfolio portfolio = new Portfolio(universe, Fixed.ofUnits(100_000), 1, TradeJournal.disabled());
  private final AtomicInteger arrivals = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private record Setup(LoopbackVenue venue, BinanceVenueClient client, ExchangeVenue exchange) {}

  private Setup setup(VenueFaults faults, long reconcileEveryMs) throws Exception {
    QuotedVenue quoted = QuotedVenue.start(KEYS, faults, "10", SYSTEM);
    LoopbackVenue venue = quoted.venue();
    String url = quoted.url();
    BinanceVenueClient client = BinanceVenueClient.connect(url, url, KEYS.apiKey(), KEYS.secret(),
        new RetryDelay(20, 200, 4));
    ExchangeVenue exchange = ExchangeVenue.open(universe, client, settings(reconcileEveryMs), new TopOfBook(), 1,
        System::currentTimeMillis);
    MarketState market = new MarketState(universe.instrumentCount());
    market.onBar(Universe.spotIndex(0), 1, Fixed.parse("40000.5"), Fixed.parse("40000.5"), Fixed.parse("40000.5"),
        Fixed.parse("40000.5"), Fixed.ofUnits(100));
    market.onBar(Universe.perpIndex(0), 1, Fixed.parse("40010.5"), Fixed.parse("40010.5"), Fixed.parse("40010.5"),
        Fixed.parse("40010.5"), Fixed.ofUnits(100));
    exchange.connect(market, portfolio);
    exchange.onArrival(arrivals::incrementAndGet);
    return new Setup(venue, client, exchange);
  }

  private static ExchangeVenue.Settings settings(long reconcileEveryMs) {
    return new ExchangeVenue.Settings(new HedgeRepair.Settings(HedgeRepair.Policy.COMPLETE, 0, Fixed.parse("0.0001"), 2),
        new ChildOrders.Settings(Rate.parse("0.5"), Rate.parse("0.002")), Rate.parse("0.001"), Rate.parse("0.0005"),
        reconcileEveryMs, 0);
  }

  private void hedge(ExchangeVenue exchange, long spotId, long perpId, long quantity) {
    portfolio.track(spotId, Universe.spotIndex(0));
    portfolio.track(perpId, Universe.perpIndex(0));
    exchange.submit(OrderRequest.market(spotId, universe.id(Universe.spotIndex(0)), Side.BUY, new Quantity(quantity),
        false));
    exchange.submit(OrderRequest.market(perpId, universe.id(Universe.perpIndex(0)), Side.SELL, new Quantity(quantity),
        false));
    int before = arrivals.get();
    exchange.afterDecisions();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.get() > before);
    exchange.deliver(2);
  }

  @Test
  void aHedgeLeavesTogetherAndItsFillsMakeTheBooksHoldWhatTheVenueHolds() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    hedge(s.exchange(), 1, 2, HALF);

    assertEquals(HALF, s.venue().balance("BTC"));
    assertEquals(-HALF, s.venue().position("BTCUSDT"));
    assertEquals(HALF, portfolio.ledger().quantity(Universe.spotIndex(0)), "the node's books, from the fills");
    assertEquals(-HALF, portfolio.ledger().quantity(Universe.perpIndex(0)));
    assertEquals(0, portfolio.openOrders().size(), "both orders completed");
    long spent = Fixed.ofUnits(100_000) - s.venue().balance("USDT");
    long spotFee = portfolio.ledger().fees(Universe.spotIndex(0));
    assertEquals(Fixed.parse("20.0005"), spotFee, "0.1 % of 0.5 x 40001, as the venue charged it");
    assertEquals(Fixed.mul(HALF, Fixed.parse("40001"), java.math.RoundingMode.UNNECESSARY) + spotFee, spent,
        "the node's fill price and fee are the venue's, exactly");
    assertEquals(List.of(), s.exchange().reconcileNow(), "nothing to reconcile");
    s.exchange().close();
  }

  @Test
  void aPerpLegTheVenueAlwaysRefusesLeavesNoOrphan() throws Exception {
    Setup s = setup(new VenueFaults(0, 1, 0, 1.0, "futures", 0, 0, Duration.ZERO, 0, 0, 5), 0);
    hedge(s.exchange(), 1, 2, HALF);

    assertEquals(0, s.venue().balance("BTC"), "the filled spot leg was unwound at the venue");
    assertEquals(0, s.venue().position("BTCUSDT"));
    assertEquals(0, portfolio.ledger().quantity(Universe.spotIndex(0)), "and the node's books say so");
    assertEquals(0, portfolio.ledger().quantity(Universe.perpIndex(0)));
    assertEquals(1, portfolio.rejections(), "the perp order ends rejected");
    assertEquals(0, portfolio.openOrders().size());
    s.exchange().close();
  }

  /** A position already open on the venue (a crashed run's, or a hand-made one) is not traded on top of. */
  @Test
  void anAccountAlreadyHoldingAPerpPositionIsRefusedAtTheStart() throws Exception {
    Setup s = setup(VenueFaults.NONE, 0);
    s.client().marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "left-over-1");

    var refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ExchangeVenue.open(universe, s.client(), settings(0), new TopOfBook(), 1, System::currentTimeMillis));
    assertTrue(refused.getMessage().contains("already holds -0.1 BTCUSDT perp"), refused.getMessage());
    s.exchange().close();
  }

  @Test
  void aTradeBehindTheNodesBackIsFoundByThePeriodicReconciliationOnce() throws Exception {
    Setup s = setup(VenueFaults.NONE, 50);
    hedge(s.exchange(), 1, 2, HALF);
    s.exchange().drainMismatches();
    s.client().marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "someone-else-1");

    List<Reconciliation.Mismatch> found = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      found.addAll(s.exchange().drainMismatches());
      return !found.isEmpty();
    });
    assertEquals(List.of(new Reconciliation.Mismatch("BINANCE:BTCUSDT", Leg.PERP, -HALF,
        -Fixed.parse("0.6"))), found);
    int seen = arrivals.get();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.get() >= seen + 3);
    assertEquals(List.of(), s.exchange().drainMismatches(), "reported once, not at every reconciliation");
    s.exchange().close();
  }
}
