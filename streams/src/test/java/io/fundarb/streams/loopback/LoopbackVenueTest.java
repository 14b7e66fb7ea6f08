package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.currency.Currency;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.dto.trade.MarketOrder;
import org.knowm.xchange.instrument.Instrument;
import org.knowm.xchange.service.trade.params.CancelOrderByIdParams;
import org.knowm.xchange.service.trade.params.CancelOrderByInstrument;
import org.knowm.xchange.service.trade.params.CancelOrderByUserReferenceParams;
import org.knowm.xchange.service.trade.params.orders.DefaultQueryOrderParamInstrument;

/** The real XChange Binance client trading spot on the loopback venue over 127.0.0.1. */
class LoopbackVenueTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("loopback-venue-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("test-key", "test-secret");
  private static LoopbackVenue venue;
  private static ServerBinding binding;

  @BeforeAll
  static void start() throws Exception {
    venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis, (m, s) -> Source.never());
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.deposit("USDT", Fixed.ofUnits(100_000));
    binding = venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private static Exchange client(String key, String secret) {
    ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
    spec.setSslUri("http://127.0.0.1:" + binding.localAddress().getPort());
    spec.setApiKey(key);
    spec.setSecretKey(secret);
    spec.setShouldLoadRemoteMetaData(false);
    return ExchangeFactory.INSTANCE.createExchange(spec);
  }

  /** Binance's public tickers as any HTTP client reads them: one symbol's object, or every symbol's in an array. */
  @Test
  void tickersAnswerForOneSymbolOrForEveryQuotedSymbol() throws Exception {
    venue.list("ETHUSDT", "ETH", "USDT");
    venue.quote("BTCUSDT", Fixed.parse("37000"), Fixed.parse("2"), Fixed.parse("37002"), Fixed.parse("1"));
    venue.quote("ETHUSDT", Fixed.parse("2000"), Fixed.parse("3"), Fixed.parse("2001"), Fixed.parse("4"));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var one = json.readTree(get("/api/v3/ticker/price?symbol=BTCUSDT"));
    assertEquals("BTCUSDT", one.get("symbol").asText());
    assertEquals("37001", one.get("price").asText(), "the middle of the quote around the replayed close");
    var prices = json.readTree(get("/api/v3/ticker/price"));
    assertEquals(2, prices.size(), prices.toString());
    assertEquals("ETHUSDT", prices.get(1).get("symbol").asText());
    assertEquals("2000.5", prices.get(1).get("price").asText());
    var books = json.readTree(get("/api/v3/ticker/bookTicker"));
    assertEquals("37000", books.get(0).get("bidPrice").asText());
    assertEquals("4", books.get(1).get("askQty").asText());
    assertTrue(get("/api/v3/ticker/price?symbol=DOGEUSDT").contains("-1121"), "an unknown symbol is Binance's -1121");

    venue.quotePerp("ETHUSDT", Fixed.parse("1999"), Fixed.parse("5"), Fixed.parse("2001"), Fixed.parse("5"),
        Rate.parse("0.0001"), 1_700_000_000_000L);
    var marks = json.readTree(get("/fapi/v1/premiumIndex"));
    assertTrue(marks.isArray() && marks.size() >= 1, "every perp's mark and funding: " + marks);
    var eth = json.readTree(get("/fapi/v1/premiumIndex?symbol=ETHUSDT"));
    assertEquals("2000", eth.get("markPrice").asText());
    assertEquals("0.0001", eth.get("lastFundingRate").asText());
    assertEquals(1_700_000_000_000L, eth.get("nextFundingTime").asLong());
  }

  private static String get(String path) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
        + binding.localAddress().getPort() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void marketOrdersFillAgainstTheQuoteUpToItsSizeAndTheAccountShowsIt() throws Exception {
    venue.quote("BTCUSDT", Fixed.parse("37000"), Fixed.parse("2"), Fixed.parse("37001"), Fixed.parse("0.5"));
    Exchange binance = client(KEYS.apiKey(), KEYS.secret());
    String id = binance.getTradeService().placeMarketOrder(
        new MarketOrder.Builder(Order.OrderType.BID, CurrencyPair.BTC_USDT).originalAmount(new BigDecimal("0.8"))
            .userReference("fundarb-m-1").build());
    Order placed = binance.getTradeService()
        .getOrder(new DefaultQueryOrderParamInstrument(CurrencyPair.BTC_USDT, id)).iterator().next();
    assertEquals(0, new BigDecimal("0.5").compareTo(placed.getCumulativeAmount()), "only 0.5 BTC was offered");
    assertEquals(Fixed.parse("0.5"), venue.balance("BTC"));
    // 0.5 x 37,001 = 18,500.5 plus 0.1 % fee 18.5005
    assertEquals(Fixed.ofUnits(100_000) - Fixed.parse("18500.5") - Fixed.parse("18.5005"), venue.balance("USDT"));
    var wallet = binance.getAccountService().getAccountInfo().getWallet();
    assertEquals(0, new BigDecimal("0.5").compareTo(wallet.getBalance(Currency.BTC).getAvailable()));

    var duplicate = assertThrows(RuntimeException.class, () -> binance.getTradeService().placeMarketOrder(
        new MarketOrder.Builder(Order.OrderType.BID, CurrencyPair.BTC_USDT).originalAmount(new BigDecimal("0.1"))
            .userReference("fundarb-m-1").build()));
    assertTrue(String.valueOf(duplicate.getMessage()).contains("Duplicate order"), duplicate.toString());
    assertEquals(Fixed.parse("0.5"), venue.balance("BTC"), "a retried client order id never trades twice");
  }

  @Test
  void aRestingLimitOrderFillsWhenTheMarketComesToItAndCanBeCancelledBeforeThat() throws Exception {
    venue.quote("BTCUSDT", Fixed.parse("100"), Fixed.parse("5"), Fixed.parse("101"), Fixed.parse("5"));
    Exchange binance = client(KEYS.apiKey(), KEYS.secret());
    String resting = binance.getTradeService().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID,
        CurrencyPair.BTC_USDT).originalAmount(new BigDecimal("1")).limitPrice(new BigDecimal("99")).build());
    String cancelled = binance.getTradeService().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID,
        CurrencyPair.BTC_USDT).originalAmount(new BigDecimal("1")).limitPrice(new BigDecimal("95")).build());
    assertEquals(2, binance.getTradeService().getOpenOrders().getOpenOrders().size());
    assertTrue(binance.getTradeService().cancelOrder(new CancelById(CurrencyPair.BTC_USDT, cancelled, null)));
    venue.quote("BTCUSDT", Fixed.parse("98"), Fixed.parse("5"), Fixed.parse("99"), Fixed.parse("5"));
    Order filled = binance.getTradeService()
        .getOrder(new DefaultQueryOrderParamInstrument(CurrencyPair.BTC_USDT, resting)).iterator().next();
    assertEquals(Order.OrderStatus.FILLED, filled.getStatus());
    assertEquals(0, binance.getTradeService().getOpenOrders().getOpenOrders().size());
  }

  /**
   * Cancel parameters as XChange 5.2.4's BinanceTradeService needs them: it casts to the
   * instrument, id and user-reference interfaces alike, so one object must be all three.
   */
  private record CancelById(Instrument getInstrument, String getOrderId, String getUserReference)
      implements CancelOrderByInstrument, CancelOrderByIdParams, CancelOrderByUserReferenceParams {}

  /** The venue's error code as the client decoded it (XChange wraps it in its own exception). */
  private static int binanceCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BinanceException b) {
        return b.getCode();
      }
    }
    throw new AssertionError("no BinanceException in " + e);
  }

  @Test
  void wrongKeysAndBadSignaturesAreRefusedLikeBinanceDoes() {
    venue.quote("BTCUSDT", Fixed.parse("37000"), Fixed.parse("2"), Fixed.parse("37001"), Fixed.parse("2"));
    long btc = venue.balance("BTC");
    var badSecret = assertThrows(Exception.class, () -> client(KEYS.apiKey(), "not-the-secret")
        .getTradeService().placeMarketOrder(new MarketOrder.Builder(Order.OrderType.BID, CurrencyPair.BTC_USDT)
            .originalAmount(new BigDecimal("0.1")).build()));
    assertEquals(-1022, binanceCode(badSecret));
    var badKey = assertThrows(Exception.class, () -> client("someone-else", KEYS.secret())
        .getAccountService().getAccountInfo());
    assertEquals(-2015, binanceCode(badKey));
    assertEquals(btc, venue.balance("BTC"), "nothing traded");
  }
}
