package io.fundarb.streams.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.TestInstruments;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loopback venue's trading rules over HTTP, as Binance documents them: exchange info lists every
 * symbol with the filters its orders are checked against, an order breaking one is refused with
 * Binance's code for that market, a market order walks the book's levels, and the account's trades,
 * futures balance, leverage brackets and funding intervals read back.
 */
class ExchangeRulesTest {
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("rules-key", "rules-secret");
  private static final ActorSystem SYSTEM = ActorSystem.create("exchange-rules-test");
  private static LoopbackVenue venue;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis,
        (m, s) -> Source.never());
    CarryPair btc = TestInstruments.pair("BINANCE", "BTCUSDT");
    venue.list("BTCUSDT", "BTC", "USDT", SymbolRules.of(btc.spot()), SymbolRules.of(btc.perp()));
    venue.deposit("USDT", Fixed.ofUnits(100_000));
    venue.depositFutures(Fixed.ofUnits(100_000));
    // three levels a side, 0.5 BTC each
    venue.depth("spot", "BTCUSDT", levels("40000.00", "39999.00", "39998.00"), levels("40001.00", "40002.00",
        "40003.00"));
    venue.depth("futures", "BTCUSDT", levels("40010.0", "40009.0", "40008.0"), levels("40011.0", "40012.0",
        "40013.0"));
    int port = venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private static List<Book.Level> levels(String... prices) {
    return java.util.Arrays.stream(prices).map(p -> new Book.Level(Fixed.parse(p), Fixed.parse("0.5"))).toList();
  }

  @Test
  void exchangeInfoListsEverySymbolWithTheFiltersItsOrdersAreCheckedAgainst() throws Exception {
    JsonNode spot = get("/api/v3/exchangeInfo").get("symbols");
    assertEquals(1, spot.size(), spot.toString());
    assertEquals("BTC", spot.get(0).get("baseAsset").asText());
    assertEquals("0.01", filter(spot.get(0), "PRICE_FILTER").get("tickSize").asText());
    assertEquals("0.00001", filter(spot.get(0), "LOT_SIZE").get("stepSize").asText());
    assertEquals("0.00001", filter(spot.get(0), "MARKET_LOT_SIZE").get("stepSize").asText());
    assertEquals("5", filter(spot.get(0), "NOTIONAL").get("minNotional").asText());
    JsonNode perp = get("/fapi/v1/exchangeInfo").get("symbols").get(0);
    assertEquals("PERPETUAL", perp.get("contractType").asText());
    assertEquals("0.1", filter(perp, "PRICE_FILTER").get("tickSize").asText());
    assertEquals("0.001", filter(perp, "LOT_SIZE").get("stepSize").asText());
    assertEquals("100", filter(perp, "MIN_NOTIONAL").get("notional").asText());
    assertEquals(1, perp.get("pricePrecision").asInt());
    assertEquals(3, perp.get("quantityPrecision").asInt());
  }

  @Test
  void anOrderBreakingAFilterIsRefusedWithTheMarketsCode() throws Exception {
    long position = venue.position("BTCUSDT");
    long usdt = venue.balance("USDT");
    assertRefused(post("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001"
        + "&price=39000.005"), -1013, "Filter failure: PRICE_FILTER");
    assertRefused(post("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000015"
        + "&price=39000"), -1013, "Filter failure: LOT_SIZE");
    assertRefused(post("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.000015"), -1013,
        "Filter failure: MARKET_LOT_SIZE");
    assertRefused(post("/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0001"), -1013,
        "Filter failure: NOTIONAL"); // 4 USDT
    assertRefused(post("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01"
        + "&price=41000.05"), -4014, "Price not increased by tick size.");
    assertRefused(post("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.0105"), -4023,
        "Qty not increased by step size.");
    assertRefused(post("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.002"), -4164,
        "Order's notional must be no smaller than 100 (unless you choose reduce only).");
    assertEquals(position, venue.position("BTCUSDT"), "nothing executed");
    assertEquals(usdt, venue.balance("USDT"), "nothing executed");
  }

  @Test
  void aMarketOrderWalksTheLevelsAndItsTradesReadBack() throws Exception {
    // 1.2 BTC against 0.5 at 40,011, 0.5 at 40,012 and 0.2 at 40,013; the limit sell walks no further than its price
    JsonNode bought = post("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1.2"
        + "&newClientOrderId=walk-1");
    assertEquals("FILLED", bought.get("status").asText(), bought.toString());
    assertEquals("48014.1", bought.get("cummulativeQuoteQty").asText(), "20,005.5 + 20,006 + 8,002.6");
    JsonNode limited = post("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=IOC&quantity=1.2"
        + "&price=40009.0&reduceOnly=true&newClientOrderId=walk-2");
    assertEquals("EXPIRED", limited.get("status").asText(), limited.toString());
    assertEquals("1", limited.get("executedQty").asText(), "0.5 at 40,010 and 0.5 at 40,009, not 40,008");

    JsonNode trades = get("/fapi/v1/userTrades?symbol=BTCUSDT");
    assertEquals(5, trades.size(), trades.toString());
    assertEquals(List.of("40011", "40012", "40013", "40010", "40009"),
        List.of(trades.get(0).get("price").asText(), trades.get(1).get("price").asText(),
            trades.get(2).get("price").asText(), trades.get(3).get("price").asText(),
            trades.get(4).get("price").asText()));
    assertTrue(trades.get(0).get("buyer").asBoolean() && !trades.get(3).get("buyer").asBoolean());
    // bought at 48,014.1 / 1.2 = 40,011.75 on average: 0.5 sold at 40,010 realizes -0.875, at 40,009 -1.375
    assertEquals("-0.875", trades.get(3).get("realizedPnl").asText());
    assertEquals("-1.375", trades.get(4).get("realizedPnl").asText());
    assertEquals(2, get("/fapi/v1/userTrades?symbol=BTCUSDT&fromId=" + trades.get(3).get("id").asLong()).size());
    assertEquals(1, get("/fapi/v1/userTrades?symbol=BTCUSDT&limit=1").size());

    JsonNode balance = get("/fapi/v2/balance").get(0);
    assertEquals("USDT", balance.get("asset").asText());
    assertEquals(Fixed.toString(venue.futuresWallet()), balance.get("balance").asText());
    assertEquals(balance, withoutTime(get("/fapi/v3/balance").get(0), balance));
    assertEquals(Fixed.toString(venue.futuresWallet()), get("/fapi/v3/account").get("totalWalletBalance").asText());
  }

  @Test
  void spotTradesLeverageBracketsAndFundingIntervalsReadBack() throws Exception {
    venue.deposit("BTC", Fixed.parse("0.001"));
    JsonNode sold = post("/api/v3/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.0002"
        + "&newClientOrderId=spot-2");
    assertEquals("FILLED", sold.get("status").asText(), sold.toString());
    JsonNode trades = get("/api/v3/myTrades?symbol=BTCUSDT");
    assertEquals(1, trades.size(), trades.toString());
    assertEquals(sold.get("orderId").asLong(), trades.get(0).get("orderId").asLong());
    assertEquals("0.0002", trades.get(0).get("qty").asText());
    assertTrue(!trades.get(0).get("isBuyer").asBoolean() && !trades.get(0).get("isMaker").asBoolean());

    JsonNode brackets = get("/fapi/v1/leverageBracket?symbol=BTCUSDT");
    assertEquals("BTCUSDT", brackets.get("symbol").asText());
    assertEquals(125, brackets.get("brackets").get(0).get("initialLeverage").asInt());
    assertEquals(1, get("/fapi/v1/leverageBracket").size());
  }

  private static JsonNode withoutTime(JsonNode node, JsonNode like) {
    ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("updateTime", like.get("updateTime"));
    return node;
  }

  private static JsonNode filter(JsonNode symbol, String type) {
    for (JsonNode f : symbol.get("filters")) {
      if (f.get("filterType").asText().equals(type)) {
        return f;
      }
    }
    throw new AssertionError(type + " missing from " + symbol);
  }

  private static void assertRefused(JsonNode answer, int code, String message) {
    assertEquals(code, answer.path("code").asInt(), answer.toString());
    assertEquals(message, answer.get("msg").asText());
  }

  private static JsonNode get(String path) throws Exception {
    int q = path.indexOf('?');
    return venue().signed("GET", q < 0 ? path : path.substring(0, q), q < 0 ? "" : path.substring(q + 1));
  }

  private static JsonNode post(String path, String params) throws Exception {
    return venue().signed("POST", path, params);
  }

  private static VenueRequests venue() {
    return new VenueRequests(base, KEYS);
  }
}
