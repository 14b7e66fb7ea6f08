package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import com.binance.connector.futures.client.impl.UMFuturesClientImpl;
import com.binance.connector.futures.client.impl.UMWebsocketClientImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.SharedData;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.loopback.VenueFaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conformance of the loopback venue ({@code fundarb venue}'s server, on the default configuration's
 * instruments and the real data) with a third-party client: Binance's own Java connectors
 * ({@code binance-connector-java} for spot, {@code binance-futures-connector-java} for USDT-M), which
 * build every path, parameter and signature themselves. They load markets, read tickers, books, klines
 * and funding, set leverage and margin type, place, query and cancel market and limit orders on both
 * markets, read balances, positions and trades, and follow the account on the user-data streams. The
 * connectors hand back Binance's JSON as text; each answer is read as Binance documents it.
 */
class ThirdPartyClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("conformance-key",
      "conformance-secret");
  private static LoopbackServer venue;
  private static MarketData data;

  @BeforeAll
  static void start() throws Exception {
    data = MarketDataLoader.load(DataCatalog.scan(SharedData.dir()), new MarketDataLoader.Request("BINANCE",
        List.of("BTCUSDT", "ETHUSDT"), 0, Times.parse("2023-11-01"), Times.parse("2023-11-15"), false)).data();
    FundarbConfig config = FundarbConfig.load(null);
    // the whole window replayed at once: the clients trade on the last bar's book, which stays
    venue = LoopbackServer.start(data, config.universe("BINANCE", List.of("BTCUSDT", "ETHUSDT")), RealData.VENUE,
        Rate.ofBps("1"), Rate.parse("0.1"), Fixed.ofUnits(100_000), KEYS, VenueFaults.NONE, 0, 0,
        CompletableFuture.completedFuture(null));
    venue.replay().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    venue.close();
  }

  private static Map<String, Object> params(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int k = 0; k < pairs.length; k += 2) {
      map.put((String) pairs[k], pairs[k + 1]);
    }
    return map;
  }

  private static LinkedHashMap<String, Object> futuresParams(Object... pairs) {
    return new LinkedHashMap<>(params(pairs));
  }

  private static JsonNode read(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static String interval() {
    return data.assets().get(0).spot().intervalMs() / 3_600_000L + "h";
  }

  @Test
  void spotMarketsLoadAndItsOrdersTradeQueryAndCancel() throws Exception {
    SpotClientImpl client = new SpotClientImpl(KEYS.apiKey(), KEYS.secret(), venue.httpBase());
    var market = client.createMarket();
    JsonNode info = read(market.exchangeInfo(params("symbol", "BTCUSDT")));
    JsonNode btc = symbol(info, "BTCUSDT");
    assertEquals("0.01", filter(btc, "PRICE_FILTER").get("tickSize").asText());
    assertEquals("0.00001", filter(btc, "LOT_SIZE").get("stepSize").asText());
    assertEquals(2, read(market.exchangeInfo(params())).get("symbols").size(), "every replayed symbol");

    long lastClose = data.assets().get(0).spot().close()[data.assets().get(0).spot().size() - 1];
    JsonNode ticker = read(market.ticker24H(params("symbol", "BTCUSDT")));
    assertEquals(Fixed.toString(lastClose), ticker.get("lastPrice").asText());
    JsonNode top = read(market.bookTicker(params("symbol", "BTCUSDT")));
    long bid = Fixed.parse(top.get("bidPrice").asText());
    long ask = Fixed.parse(top.get("askPrice").asText());
    assertTrue(bid < lastClose && lastClose < ask && bid % Fixed.parse("0.01") == 0, top.toString());
    assertEquals(2, read(market.tickerSymbol(params())).size(), "every symbol's price");
    JsonNode depth = read(market.depth(params("symbol", "BTCUSDT", "limit", 5)));
    assertEquals(5, depth.get("bids").size());
    assertEquals(top.get("askPrice").asText(), depth.get("asks").get(0).get(0).asText());
    JsonNode klines = read(market.klines(params("symbol", "BTCUSDT", "interval", interval(), "limit", 3)));
    assertEquals(3, klines.size());
    assertEquals(Fixed.toString(lastClose), klines.get(2).get(4).asText(), "the last kline closes at the last bar");

    var trade = client.createTrade();
    JsonNode bought = read(trade.newOrder(params("symbol", "BTCUSDT", "side", "BUY", "type", "MARKET",
        "quantity", "0.01", "newClientOrderId", "conformance-s1")));
    assertEquals("FILLED", bought.get("status").asText(), bought.toString());
    assertEquals("0.01", read(trade.getOrder(params("symbol", "BTCUSDT", "origClientOrderId", "conformance-s1")))
        .get("executedQty").asText());
    String below = Fixed.toString(Fixed.floorToStep(bid / 2, Fixed.parse("0.01")));
    JsonNode resting = read(trade.newOrder(params("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT",
        "timeInForce", "GTC", "quantity", "0.001", "price", below)));
    assertEquals("NEW", resting.get("status").asText(), resting.toString());
    assertEquals(1, read(trade.getOpenOrders(params("symbol", "BTCUSDT"))).size());
    assertEquals("CANCELED", read(trade.cancelOrder(params("symbol", "BTCUSDT", "orderId",
        resting.get("orderId").asLong()))).get("status").asText());
    assertEquals(2, read(trade.getOrders(params("symbol", "BTCUSDT"))).size());
    var refused = assertThrows(com.binance.connector.client.exceptions.BinanceClientException.class,
        () -> trade.newOrder(params("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", "0.001", "price", below + "1")));
    assertEquals(-1013, refused.getErrorCode(), "a price off the tick: " + refused.getMessage());

    JsonNode account = read(trade.account(params()));
    assertTrue(account.get("balances").toString().contains("{\"asset\":\"BTC\",\"free\":\"0.01\""),
        account.toString());
    JsonNode trades = read(trade.myTrades(params("symbol", "BTCUSDT")));
    assertEquals(bought.get("orderId").asLong(), trades.get(0).get("orderId").asLong());
    assertEquals(bought.get("executedQty").asText(), sum(trades, "qty"));
  }

  @Test
  void futuresMarketsLoadAndItsOrdersTradeQueryAndCancel() throws Exception {
    UMFuturesClientImpl client = new UMFuturesClientImpl(KEYS.apiKey(), KEYS.secret(), venue.httpBase());
    var market = client.market();
    JsonNode eth = symbol(read(market.exchangeInfo()), "ETHUSDT");
    assertEquals("0.01", filter(eth, "PRICE_FILTER").get("tickSize").asText());
    assertEquals("20", filter(eth, "MIN_NOTIONAL").get("notional").asText());
    var ethData = data.assets().get(1);
    long lastClose = ethData.perp().close()[ethData.perp().size() - 1];
    assertEquals(Fixed.toString(lastClose), read(market.ticker24H(futuresParams("symbol", "ETHUSDT")))
        .get("lastPrice").asText());
    assertEquals(2, read(market.bookTicker(futuresParams())).size());
    assertEquals(10, read(market.depth(futuresParams("symbol", "ETHUSDT", "limit", 10))).get("asks").size());
    assertEquals(2, read(market.klines(futuresParams("symbol", "ETHUSDT", "interval", interval(), "limit", 2)))
        .size());
    JsonNode history = read(market.fundingRate(futuresParams("symbol", "ETHUSDT", "limit", 1000)));
    assertEquals(ethData.funding().size(), history.size(), "every settlement the replay reached");
    assertEquals(Rate.toString(ethData.funding().rate()[0]), history.get(0).get("fundingRate").asText());
    JsonNode mark = read(market.markPrice(futuresParams("symbol", "ETHUSDT")));
    assertEquals("ETHUSDT", mark.get("symbol").asText());
    assertTrue(mark.has("lastFundingRate") && mark.has("nextFundingTime"), mark.toString());

    var account = client.account();
    assertEquals(3, read(account.changeInitialLeverage(futuresParams("symbol", "ETHUSDT", "leverage", 3)))
        .get("leverage").asInt());
    read(account.changeMarginType(futuresParams("symbol", "ETHUSDT", "marginType", "ISOLATED")));
    JsonNode sold = read(account.newOrder(futuresParams("symbol", "ETHUSDT", "side", "SELL", "type", "MARKET",
        "quantity", "0.5", "newClientOrderId", "conformance-p1")));
    assertEquals("0.5", read(account.queryOrder(futuresParams("symbol", "ETHUSDT", "origClientOrderId",
        "conformance-p1"))).get("executedQty").asText(), sold.toString());
    String above = Fixed.toString(Fixed.ceilToStep(lastClose * 2, Fixed.parse("0.01")));
    JsonNode resting = read(account.newOrder(futuresParams("symbol", "ETHUSDT", "side", "SELL", "type", "LIMIT",
        "timeInForce", "GTC", "quantity", "0.1", "price", above)));
    assertEquals(1, read(account.currentAllOpenOrders(futuresParams("symbol", "ETHUSDT"))).size());
    assertEquals("CANCELED", read(account.cancelOrder(futuresParams("symbol", "ETHUSDT", "orderId",
        resting.get("orderId").asLong()))).get("status").asText());
    assertEquals(2, read(account.allOrders(futuresParams("symbol", "ETHUSDT"))).size());
    var refused = assertThrows(com.binance.connector.futures.client.exceptions.BinanceClientException.class,
        () -> account.newOrder(futuresParams("symbol", "ETHUSDT", "side", "SELL", "type", "MARKET",
            "quantity", "0.001")));
    assertEquals(-4164, refused.getErrorCode(), "below the 20 USDT minimum: " + refused.getMessage());

    JsonNode position = find(read(account.positionInformation(futuresParams("symbol", "ETHUSDT"))), "ETHUSDT");
    assertEquals("-0.5", position.get("positionAmt").asText());
    assertEquals("isolated", position.get("marginType").asText());
    assertEquals("3", position.get("leverage").asText());
    JsonNode balance = read(account.futuresAccountBalance(futuresParams())).get(0);
    JsonNode info = read(account.accountInformation(futuresParams()));
    assertEquals(balance.get("balance").asText(), info.get("totalWalletBalance").asText());
    JsonNode trades = read(account.accountTradeList(futuresParams("symbol", "ETHUSDT")));
    assertEquals("0.5", sum(trades, "qty"));
    assertEquals("ETHUSDT", read(account.getLeverageBracket(futuresParams("symbol", "ETHUSDT")))
        .get("symbol").asText());
    assertTrue(read(account.getIncomeHistory(futuresParams("incomeType", "FUNDING_FEE"))).isArray());
  }

  @Test
  void theAccountIsFollowedOnBothUserDataStreams() throws Exception {
    SpotClientImpl spot = new SpotClientImpl(KEYS.apiKey(), KEYS.secret(), venue.httpBase());
    UMFuturesClientImpl futures = new UMFuturesClientImpl(KEYS.apiKey(), KEYS.secret(), venue.httpBase());
    String ws = venue.httpBase().replace("http://", "ws://");
    String spotKey = read(spot.createUserData().createListenKey()).get("listenKey").asText();
    String futuresKey = read(futures.userData().createListenKey()).get("listenKey").asText();
    BlockingQueue<String> spotEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> futuresEvents = new LinkedBlockingQueue<>();
    WebSocketStreamClientImpl spotSocket = new WebSocketStreamClientImpl(ws + "/spot");
    UMWebsocketClientImpl futuresSocket = new UMWebsocketClientImpl(ws + "/futures");
    CompletableFuture<Void> spotOpen = new CompletableFuture<>();
    CompletableFuture<Void> futuresOpen = new CompletableFuture<>();
    try {
      spotSocket.listenUserStream(spotKey, response -> spotOpen.complete(null), spotEvents::add, (code, why) -> { },
          (code, why) -> { }, (failure, response) -> spotOpen.completeExceptionally(failure));
      futuresSocket.listenUserStream(futuresKey, open -> futuresOpen.complete(null), futuresEvents::add, closing -> { },
          failure -> futuresOpen.completeExceptionally(new AssertionError(failure)));
      spotOpen.get(10, TimeUnit.SECONDS);
      futuresOpen.get(10, TimeUnit.SECONDS);

      spot.createTrade().newOrder(params("symbol", "ETHUSDT", "side", "BUY", "type", "MARKET", "quantity", "0.1",
          "newClientOrderId", "conformance-uds-s"));
      assertEquals(List.of("NEW", "TRADE"), executions(spotEvents, "executionReport", "conformance-uds-s"));
      futures.account().newOrder(futuresParams("symbol", "BTCUSDT", "side", "SELL", "type", "MARKET",
          "quantity", "0.01", "newClientOrderId", "conformance-uds-p"));
      assertEquals(List.of("NEW", "TRADE"), executions(futuresEvents, "ORDER_TRADE_UPDATE", "conformance-uds-p"));
      String account = next(futuresEvents);
      assertTrue(account.contains("\"e\":\"ACCOUNT_UPDATE\"") && account.contains("\"pa\":\"-0.01\""), account);

      futures.userData().extendListenKey();
      spot.createUserData().extendListenKey(params("listenKey", spotKey));
      spot.createUserData().closeListenKey(params("listenKey", spotKey));
      futures.userData().closeListenKey();
    } finally {
      spotSocket.closeAllConnections();
      futuresSocket.closeAllConnections();
    }
  }

  /** The execution types of one order's events, in order, up to its TRADE. */
  private static List<String> executions(BlockingQueue<String> events, String type, String clientId)
      throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    while (!seen.contains("TRADE")) {
      JsonNode event = read(next(events));
      JsonNode order = event.has("o") && event.get("o").isObject() ? event.get("o") : event;
      if (event.get("e").asText().equals(type) && order.get("c").asText().equals(clientId)) {
        seen.add(order.get("x").asText());
      }
    }
    return seen;
  }

  private static String next(BlockingQueue<String> events) throws InterruptedException {
    String event = events.poll(10, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no user-data event within 10 s");
    }
    return event;
  }

  private static String sum(JsonNode trades, String field) {
    long total = 0;
    for (JsonNode t : trades) {
      total += Fixed.parse(t.get(field).asText());
    }
    return Fixed.toString(total);
  }

  private static JsonNode symbol(JsonNode info, String name) {
    return find(info.get("symbols"), name);
  }

  private static JsonNode find(JsonNode list, String symbol) {
    for (JsonNode s : list) {
      if (s.get("symbol").asText().equals(symbol)) {
        return s;
      }
    }
    throw new AssertionError(symbol + " missing from " + list);
  }

  private static JsonNode filter(JsonNode symbol, String type) {
    for (JsonNode f : symbol.get("filters")) {
      if (f.get("filterType").asText().equals(type)) {
        return f;
      }
    }
    throw new AssertionError(type + " missing from " + symbol);
  }
}
