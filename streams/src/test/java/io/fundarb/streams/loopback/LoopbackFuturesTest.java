package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.fundarb.streams.xchange.PinnedBinanceExchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.BinanceFuturesAuthenticated;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.ExchangeType;
import org.knowm.xchange.binance.dto.trade.MarginType;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.derivative.FuturesContract;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.trade.MarketOrder;

/** The real XChange client on the loopback venue's USDT-M futures: margin mode, leverage, a short, its checks. */
class LoopbackFuturesTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("loopback-futures-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("fut-key", "fut-secret");
  private static final FuturesContract BTC_PERP = new FuturesContract("BTC/USDT/PERP");
  private static LoopbackVenue venue;
  private static BinanceExchange binance;
  private static BinanceFuturesAuthenticated rest;

  @BeforeAll
  static void start() throws Exception {
    venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis,
        (m, s) -> Source.never());
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.depositFutures(Fixed.ofUnits(10_000));
    venue.quotePerp("BTCUSDT", Fixed.parse("40000"), Fixed.parse("3"), Fixed.parse("40001"), Fixed.parse("3"),
        Rate.parse("0.0001"), System.currentTimeMillis() + 3_600_000);
    ServerBinding binding = venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    ExchangeSpecification spec = new ExchangeSpecification(PinnedBinanceExchange.class);
    spec.setSslUri("http://127.0.0.1:" + binding.localAddress().getPort());
    spec.setApiKey(KEYS.apiKey());
    spec.setSecretKey(KEYS.secret());
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(BinanceExchange.EXCHANGE_TYPE, ExchangeType.FUTURES);
    binance = (BinanceExchange) ExchangeFactory.INSTANCE.createExchange(spec);
    rest = ExchangeRestProxyBuilder.forInterface(BinanceFuturesAuthenticated.class, spec).build();
  }

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private static int code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BinanceException b) {
        return b.getCode();
      }
    }
    throw new AssertionError("no BinanceException in " + e);
  }

  @Test
  void isolatedOneTimesShortThenTheVenueGuardsReduceOnlyAndMargin() throws Exception {
    BinanceHmacDigest signer = BinanceHmacDigest.createInstance(KEYS.secret());
    rest.setMarginType("BTCUSDT", MarginType.ISOLATED, null, binance.getTimestampFactory(), KEYS.apiKey(), signer);
    var again = assertThrows(BinanceException.class, () -> rest.setMarginType("BTCUSDT", MarginType.ISOLATED, null,
        binance.getTimestampFactory(), KEYS.apiKey(), signer));
    assertEquals(-4046, again.getCode(), "already isolated");
    assertEquals(1, rest.setLeverage("BTCUSDT", 1, null, binance.getTimestampFactory(), KEYS.apiKey(), signer)
        .leverage);

    BinanceTradeService trade = (BinanceTradeService) binance.getTradeService();
    trade.placeMarketOrder(new MarketOrder.Builder(Order.OrderType.ASK, BTC_PERP)
        .originalAmount(new BigDecimal("0.1")).build());
    assertEquals(-Fixed.parse("0.1"), venue.position("BTCUSDT"));
    // 0.1 x 40,000 = 4,000 notional; 0.05 % taker fee = 2 USDT
    assertEquals(Fixed.ofUnits(10_000) - Fixed.ofUnits(2), venue.futuresWallet());
    var risk = trade.getFuturesPositionRisk(BTC_PERP);
    assertEquals(0, new BigDecimal("-0.1").compareTo(risk.get(0).getPositionAmt()));

    var notReducing = assertThrows(Exception.class, () -> trade.placeMarketOrder(new MarketOrder.Builder(
        Order.OrderType.ASK, BTC_PERP).originalAmount(new BigDecimal("0.1")).flag(
            org.knowm.xchange.binance.dto.trade.BinanceOrderFlags.REDUCE_ONLY).build()));
    assertEquals(-2022, code(notReducing));
    var tooBig = assertThrows(Exception.class, () -> trade.placeMarketOrder(new MarketOrder.Builder(
        Order.OrderType.ASK, BTC_PERP).originalAmount(new BigDecimal("1")).build()));
    assertEquals(-2019, code(tooBig), "1x: 5,000 USDT of free margin cannot carry 44,000 of short");
    assertEquals(-Fixed.parse("0.1"), venue.position("BTCUSDT"), "refused orders change nothing");

    trade.placeMarketOrder(new MarketOrder.Builder(Order.OrderType.BID, BTC_PERP)
        .originalAmount(new BigDecimal("0.1")).flag(
            org.knowm.xchange.binance.dto.trade.BinanceOrderFlags.REDUCE_ONLY).build());
    assertEquals(0, venue.position("BTCUSDT"));
    // closed at the ask 40,001 after opening at the bid 40,000: -0.1 USDT, plus 2.00005 fee
    assertEquals(Fixed.ofUnits(10_000) - Fixed.ofUnits(2) - Fixed.parse("0.1") - Fixed.parse("2.00005"),
        venue.futuresWallet());
  }
}
