package io.fundarb.streams.market;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MarketGraphTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("market-graph-test");
  private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
  private static final int MAX_CHARS = 4_096;

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  private static Frame spot(String json) {
    return new Frame(Leg.SPOT, json, T0);
  }

  private static Frame perp(String json) {
    return new Frame(Leg.PERP, json, T0);
  }

  private static String spotTicker(long u, String bid, String ask) {
    return "{\"u\":" + u + ",\"s\":\"BTCUSDT\",\"b\":\"" + bid + "\",\"B\":\"1.5\",\"a\":\"" + ask + "\",\"A\":\"2\"}";
  }

  private static String aggTrade(Leg leg, long id, long time, String price, String qty) {
    return "{\"e\":\"aggTrade\",\"E\":" + time + ",\"s\":\"BTCUSDT\",\"a\":" + id + ",\"p\":\"" + price + "\",\"q\":\""
        + qty + "\",\"f\":1,\"l\":2,\"T\":" + time + ",\"m\":true}";
  }

  @Test
  void validFramesBecomeUpdatesAndEveryBadOneIsACountedDropNeverAFailure() {
    Drops drops = new Drops("test");
    List<Frame> frames = List.of(
        spot(spotTicker(10, "37000.10", "37000.20")),
        perp("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":7,\"E\":" + (T0 + 5)
            + ",\"T\":" + T0 + ",\"s\":\"BTCUSDT\",\"b\":\"37010.5\",\"B\":\"3\",\"a\":\"37010.6\",\"A\":\"4\"}}"),
        perp(aggTrade(Leg.PERP, 100, T0 + 6, "37010.5", "0.25")),
        perp("{\"e\":\"markPriceUpdate\",\"E\":" + (T0 + 7) + ",\"s\":\"BTCUSDT\",\"p\":\"37011.00000000\","
            + "\"i\":\"37000.12\",\"P\":\"37005\",\"r\":\"0.00038167\",\"T\":" + (T0 + 3_600_000) + "}"),
        spot("not json at all"),
        spot("[1,2,3]"),
        spot("{\"result\":null,\"id\":1}"),
        perp("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\"}"),
        spot(spotTicker(11, "NaN", "37000.20")),
        spot(spotTicker(12, "Infinity", "37000.20")),
        spot(spotTicker(13, "0", "37000.20")),
        spot(spotTicker(14, "37001", "37000")),
        spot("{\"u\":15,\"s\":\"BTCUSDT\",\"b\":\"1\",\"a\":\"2\",\"A\":\"2\"}"),
        spot("{\"u\":16,\"s\":\"BTCUSDT\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\",\"A\":\"2\",\"pad\":\"" + "x".repeat(MAX_CHARS)
            + "\"}"),
        spot(spotTicker(10, "37000.10", "37000.20")),
        spot(spotTicker(9, "37000.10", "37000.20")),
        perp(aggTrade(Leg.PERP, 100, T0 + 6, "37010.5", "0.25")),
        spot(spotTicker(17, "37000.30", "37000.40")));

    TestSubscriber.Probe<MarketUpdate> out = Source.from(frames).via(MarketGraph.updates(drops, MAX_CHARS))
        .runWith(TestSink.probe(SYSTEM), SYSTEM);
    out.request(100);
    MarketUpdate.BookTicker first = (MarketUpdate.BookTicker) out.expectNext();
    assertEquals(Fixed.parse("37000.10"), first.bid());
    assertEquals(T0, first.eventTime(), "spot tickers carry no time: stamped on receipt");
    MarketUpdate.BookTicker perpTicker = (MarketUpdate.BookTicker) out.expectNext();
    assertEquals(Leg.PERP, perpTicker.leg());
    assertEquals(T0 + 5, perpTicker.eventTime());
    MarketUpdate.Trade trade = (MarketUpdate.Trade) out.expectNext();
    assertEquals(Fixed.parse("0.25"), trade.quantity());
    MarketUpdate.MarkPrice mark = (MarketUpdate.MarkPrice) out.expectNext();
    assertEquals(Rate.parse("0.00038167"), mark.fundingRate());
    assertEquals(17, ((MarketUpdate.BookTicker) out.expectNext()).updateId());
    out.expectComplete();

    assertEquals(3, drops.count(DropReason.MALFORMED), "not JSON, not an object, missing field");
    assertEquals(2, drops.count(DropReason.UNKNOWN_EVENT), "subscription ack, depth update");
    assertEquals(2, drops.count(DropReason.NOT_A_NUMBER));
    assertEquals(1, drops.count(DropReason.NON_POSITIVE_PRICE));
    assertEquals(1, drops.count(DropReason.CROSSED_BOOK));
    assertEquals(1, drops.count(DropReason.OVERSIZED));
    assertEquals(2, drops.count(DropReason.DUPLICATE), "the ticker and the trade re-sent");
    assertEquals(1, drops.count(DropReason.OUT_OF_ORDER));
    assertEquals(frames.size() - 5, drops.total());
  }

  @Test
  void tradesBecomeExactBarsThatCloseOnTheFirstTradeOfTheNextInterval() throws Exception {
    long bar = 15 * 60_000L;
    long start = T0 - Math.floorMod(T0, bar);
    List<MarketUpdate> updates = List.of(
        new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, start + 1_000, 1, Fixed.parse("100.5"), Fixed.parse("0.1")),
        new MarketUpdate.Trade("BTCUSDT", Leg.PERP, start + 2_000, 1, Fixed.parse("101"), Fixed.parse("3")),
        new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, start + 60_000, 2, Fixed.parse("103.25"), Fixed.parse("0.2")),
        new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, start + bar - 1, 3, Fixed.parse("99.75"), Fixed.parse("0.3")),
        new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, start + bar, 4, Fixed.parse("100"), Fixed.parse("1")));
    List<Bar> bars = Source.from(updates).via(MarketGraph.bars(Duration.ofMinutes(15))).runWith(Sink.seq(), SYSTEM)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(new Bar("BTCUSDT", Leg.SPOT, start, bar, Fixed.parse("100.5"), Fixed.parse("103.25"),
        Fixed.parse("99.75"), Fixed.parse("99.75"), Fixed.parse("0.6"), 3)), bars, "the perp bar is still open");
  }

  @Test
  void aSilentStreamIsReportedStaleOnceAndLiveWhenItDeliversAgain() {
    AtomicLong clock = new AtomicLong(T0);
    var checks = TestSource.<Integer>probe(SYSTEM).preMaterialize(SYSTEM);
    TestPublisher.Probe<Integer> check = checks.first();
    var updates = TestSource.<MarketUpdate>probe(SYSTEM)
        .via(MarketGraph.watched(Duration.ofSeconds(30), checks.second(), clock::get))
        .toMat(TestSink.probe(SYSTEM), org.apache.pekko.stream.javadsl.Keep.both()).run(SYSTEM);
    TestPublisher.Probe<MarketUpdate> in = updates.first();
    TestSubscriber.Probe<FeedEvent> out = updates.second();
    out.request(20);
    MarketUpdate tick = new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, T0, 1, Fixed.parse("1"), Fixed.parse("1"));
    in.sendNext(tick);
    assertInstanceOf(FeedEvent.Update.class, out.expectNext());
    clock.addAndGet(10_000);
    check.sendNext(1);
    clock.addAndGet(25_000);
    check.sendNext(2);
    assertEquals(new FeedEvent.Stale("BTCUSDT|SPOT", 35_000), out.expectNext());
    check.sendNext(3);
    in.sendNext(new MarketUpdate.Trade("BTCUSDT", Leg.SPOT, T0 + 40_000, 2, Fixed.parse("1"), Fixed.parse("1")));
    assertEquals(new FeedEvent.Live("BTCUSDT|SPOT"), out.expectNext(), "reported once, then live again");
    assertInstanceOf(FeedEvent.Update.class, out.expectNext());
    in.sendComplete();
    out.expectComplete();
  }
}
