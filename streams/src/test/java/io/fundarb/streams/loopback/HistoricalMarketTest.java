package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketGraph;
import io.fundarb.streams.market.MarketUpdate;
import io.fundarb.streams.xchange.XChangeMarketSource;
import io.fundarb.streams.xchange.PinnedBinanceExchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.trade.MarketOrder;

/** The loopback venue replaying the real Binance bars: the XChange client streams them, quotes follow them. */
class HistoricalMarketTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("historical-market-test");

  @AfterAll
  static void shutdown() {
    SYSTEM.terminate();
  }

  @Test
  void realBarsBecomeQuotesAndFramesThatTheClientStreams() throws Exception {
    MarketData all = RealData.load("BINANCE");
    long eightHours = 8 * 3_600_000L;
    MarketData data = all.slice(all.from(), all.from() + 300 * eightHours);
    HistoricalMarket market = new HistoricalMarket(data, Rate.parse("0.0001"), Rate.parse("0.1"));
    LoopbackVenue served = new LoopbackVenue(new LoopbackVenue.Credentials("k", "s"), Rate.parse("0.001"),
        Rate.parse("0.0005"), System::currentTimeMillis, market.feed());
    served.list("BTCUSDT", "BTC", "USDT");
    served.list("ETHUSDT", "ETH", "USDT");
    int port = served.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    var done = market.start(served, eightHours / 20.0, SYSTEM); // 20 ms per 8-hour bar

    Drops drops = new Drops("historical");
    List<MarketUpdate> marks = XChangeMarketSource.connect("ws://127.0.0.1:" + port + "/futures/", Leg.PERP,
            List.of("btcusdt@markPrice", "ethusdt@bookTicker"), 256, drops, System::currentTimeMillis)
        .via(MarketGraph.updates(drops, 65_536))
        .take(40)
        .runWith(Sink.seq(), SYSTEM).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(0, drops.total(), "every replayed frame is valid");
    long btcMarks = marks.stream().filter(u -> u instanceof MarketUpdate.MarkPrice).count();
    long ethTickers = marks.stream().filter(u -> u instanceof MarketUpdate.BookTicker b && b.symbol().equals("ETHUSDT"))
        .count();
    assertTrue(btcMarks > 5 && ethTickers > 5, "both subscribed streams arrive: " + btcMarks + " / " + ethTickers);
    MarketUpdate.MarkPrice mark = (MarketUpdate.MarkPrice) marks.stream()
        .filter(u -> u instanceof MarketUpdate.MarkPrice).findFirst().orElseThrow();
    var btc = data.assets().get(0);
    int row = 0;
    while (btc.perp().closeTime(row) - 1 != mark.eventTime()) { // stamped with the bar's last millisecond
      row++;
    }
    assertEquals(btc.perp().close()[row], mark.markPrice(), "the mark is the real perp close of that bar");

    done.toCompletableFuture().get(60, TimeUnit.SECONDS);
    // the spot quote now stands at the last real close plus the 1 bp half spread: a buy pays exactly that
    long close = btc.spot().close()[btc.spot().size() - 1];
    long ask = close + Rate.apply(close, Rate.parse("0.0001"), RoundingMode.HALF_EVEN);
    served.deposit("USDT", Fixed.ofUnits(1_000_000));
    ExchangeSpecification spec = new ExchangeSpecification(PinnedBinanceExchange.class);
    spec.setSslUri("http://127.0.0.1:" + port);
    spec.setApiKey("k");
    spec.setSecretKey("s");
    spec.setShouldLoadRemoteMetaData(false);
    ExchangeFactory.INSTANCE.createExchange(spec).getTradeService().placeMarketOrder(new MarketOrder.Builder(
        Order.OrderType.BID, CurrencyPair.BTC_USDT).originalAmount(new BigDecimal("0.001")).build());
    long cost = Fixed.mul(Fixed.parse("0.001"), ask, RoundingMode.HALF_EVEN);
    assertEquals(Fixed.ofUnits(1_000_000) - cost - Rate.apply(cost, Rate.parse("0.001"), RoundingMode.HALF_EVEN),
        served.balance("USDT"));
  }
}
