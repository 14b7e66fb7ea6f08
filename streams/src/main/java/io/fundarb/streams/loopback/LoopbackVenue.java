package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.money.Fixed;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A Binance-compatible venue on 127.0.0.1 for paper mode and tests, close enough that the real
 * XChange client works against it: the spot and USDT-M REST subsets (server time, exchange info,
 * klines, depth, book ticker, premium index, funding rate history, new / query / cancel order,
 * open and all orders, account, position risk, leverage, margin type) with Binance's signature rules (API key header,
 * HMAC-SHA256 over query + body, timestamp within recvWindow) and error shapes, plus the
 * combined-stream websockets of {@link LoopbackMarketServer} and the account's user-data streams
 * ({@link UserDataStreams}: listen keys, execution and account events).
 */
public final class LoopbackVenue extends AllDirectives {
  /** The one account's keys; never logged. */
  public record Credentials(String apiKey, String secret) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_RECV_WINDOW = 5_000;

  private final SpotBook spot;
  private final PerpBook perp;
  private final Credentials credentials;
  private final LongSupplier clock;
  private final LoopbackMarketServer market;
  private final VenueFaults.Rest faults;
  private final VenueFaults.Injected injected = new VenueFaults.Injected();
  private volatile java.util.function.ObjLongConsumer<String> arrivals = (id, nanos) -> { };
  private final Map<String, long[]> funding = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile ReplayedHistory history;
  private final UserDataStreams userData;
  private volatile RequestWeights weights = new RequestWeights(RequestWeights.SPOT_LIMIT,
      RequestWeights.FUTURES_LIMIT);

  /**
   * @param spotTakerFee spot taker fee (Rate), charged in the quote asset
   * @param perpTakerFee USDT-M taker fee (Rate), charged from the futures wallet
   */
  public LoopbackVenue(Credentials credentials, long spotTakerFee, long perpTakerFee, LongSupplier clock,
      LoopbackMarketServer.Feed feed) {
    this(credentials, spotTakerFee, perpTakerFee, clock, feed, VenueFaults.NONE);
  }

  /** As above, injecting {@code faults}. */
  public LoopbackVenue(Credentials credentials, long spotTakerFee, long perpTakerFee, LongSupplier clock,
      LoopbackMarketServer.Feed feed, VenueFaults faults) {
    this.spot = new SpotBook(spotTakerFee);
    this.perp = new PerpBook(perpTakerFee);
    this.credentials = credentials;
    this.clock = clock;
    this.market = new LoopbackMarketServer(feed, faults, injected);
    this.faults = faults.rest(injected);
    this.userData = new UserDataStreams(clock);
    spot.listener(this::spotChanged);
    perp.listener(this::perpChanged);
  }

  /** A spot order's change on the user-data stream; after a trade, the balances it moved. */
  private void spotChanged(VenueOrder o, String execution, VenueOrder.Execution trade) {
    long now = clock.getAsLong();
    userData.publish("spot", UserDataEvents.executionReport(o, execution, trade, now));
    if (trade != null) {
      Map<String, Long> moved = new java.util.TreeMap<>();
      for (String asset : spot.pairs().get(o.symbol)) {
        moved.put(asset, spot.balance(asset));
      }
      userData.publish("spot", UserDataEvents.accountPosition(moved, now));
    }
  }

  /** A futures order's change on the user-data stream; after a trade, the wallet and position it moved. */
  private void perpChanged(VenueOrder o, String execution, VenueOrder.Execution trade) {
    long now = clock.getAsLong();
    userData.publish("futures", UserDataEvents.orderTradeUpdate(o, execution, trade, now));
    if (trade != null) {
      userData.publish("futures", accountUpdate("ORDER", trade.realized() - trade.fee(), o.symbol, now));
    }
  }

  private String accountUpdate(String reason, long change, String symbol, long now) {
    return UserDataEvents.accountUpdate(reason, perp.wallet(), change, symbol, perp.position(symbol),
        perp.unrealized(symbol), perp.isolated(symbol), now);
  }

  /**
   * How long a listen key lives without a keep-alive (Binance: 60 minutes) and how often its
   * connections look; a test shortens both to see {@code listenKeyExpired}.
   */
  public void listenKeyValidity(java.time.Duration lifetime, java.time.Duration check) {
    userData.validity(lifetime, check);
  }

  /** The faults injected so far. */
  public VenueFaults.Injected injected() {
    return injected;
  }

  /** Orders refused because their client order id was already used: a client that retried blindly. */
  public long duplicateOrdersRefused() {
    return spot.duplicatesRefused() + perp.duplicatesRefused();
  }

  /** What this venue injected and refused, for the end of a run. */
  public String faultCounts() {
    return "injected " + injected + "; duplicate client order ids refused x" + duplicateOrdersRefused();
  }

  /** Websocket connections opened so far: a replay can wait for its first clients. */
  public long websocketConnections() {
    return market.connections();
  }

  public CompletionStage<ServerBinding> bind(ClassicActorSystemProvider system, int port) {
    return Http.get(system).newServerAt("127.0.0.1", port).withSettings(noDelay(system)).bind(route());
  }

  /**
   * The server's sockets send each write at once, as an exchange's do: with Nagle's algorithm (the
   * OS default) the last frames of a burst, a bar's closing trades, waited for the client's delayed
   * acknowledgement, up to 40 ms.
   */
  static ServerSettings noDelay(ClassicActorSystemProvider system) {
    return ServerSettings.create(system.classicSystem()).withSocketOptions(java.util.List.of(TcpSO.tcpNoDelay(true)));
  }

  /**
   * Lists a spot symbol (e.g. BTCUSDT = BTC / USDT) and its USDT-M perpetual under the same name,
   * with the finest rules the venue keeps ({@link SymbolRules#FINEST}): for tests about something else.
   */
  public void list(String symbol, String base, String quote) {
    list(symbol, base, quote, SymbolRules.FINEST, SymbolRules.FINEST);
  }

  /** As above, with each market's trading rules, served in exchange info and enforced on every order. */
  public void list(String symbol, String base, String quote, SymbolRules spotRules, SymbolRules perpRules) {
    spot.list(symbol, base, quote);
    spot.rules(symbol, spotRules);
    perp.list(symbol);
    perp.rules(symbol, perpRules);
  }

  /** Credits the spot account. */
  public void deposit(String asset, long amount) {
    spot.deposit(asset, amount);
  }

  /** Credits the futures wallet (USDT). */
  public void depositFutures(long amount) {
    perp.deposit(amount);
  }

  public long balance(String asset) {
    return spot.balance(asset);
  }

  public long futuresWallet() {
    return perp.wallet();
  }

  /** The perp position of {@code symbol}: signed quantity (Fixed). */
  public long position(String symbol) {
    return perp.position(symbol).quantity();
  }

  /** The replayed spot market's best bid and ask (Fixed prices and sizes). */
  public void quote(String symbol, long bid, long bidQty, long ask, long askQty) {
    spot.quote(symbol, bid, bidQty, ask, askQty, clock.getAsLong());
  }

  /** A replayed book of several levels a side on the spot market, or on futures with its funding. */
  void depth(String market, String symbol, List<Book.Level> bids, List<Book.Level> asks) {
    (market.equals("spot") ? spot : perp).depth(symbol, bids, asks, clock.getAsLong());
  }

  /** The funding rate (Rate) in force on {@code symbol}'s perp and the time it settles. */
  void funding(String symbol, long fundingRate, long nextFundingTime) {
    funding.put(symbol, new long[] {fundingRate, nextFundingTime});
  }

  /** The trading rules of {@code symbol} on a market ("spot" or "futures"). */
  SymbolRules rules(String market, String symbol) {
    return (market.equals("spot") ? spot : perp).rules(symbol);
  }

  /**
   * A perp market order on the account that did not come through the API, as a person trading the
   * same account by hand would place it: the node never sent it, so only its reconciliation can
   * find it.
   */
  public void tradeOutsideTheNode(String symbol, long signedQuantity) {
    long time = clock.getAsLong();
    perp.submit(symbol, signedQuantity > 0 ? VenueOrder.Side.BUY : VenueOrder.Side.SELL, "MARKET", "GTC", 0,
        Math.abs(signedQuantity), false, "outside-" + time, time);
  }

  /** Settles {@code symbol}'s funding at {@code time} at {@code rate} (Rate) on its position at {@code markPrice}. */
  public void settleFunding(String symbol, long time, long rate, long markPrice) {
    long before = perp.wallet();
    perp.settleFunding(symbol, time, rate, markPrice);
    if (perp.wallet() != before) {
      userData.publish("futures", accountUpdate("FUNDING_FEE", perp.wallet() - before, symbol, clock.getAsLong()));
    }
  }

  /** The replayed perp market's best bid and ask, and its mark price and funding rate (Rate). */
  public void quotePerp(String symbol, long bid, long bidQty, long ask, long askQty, long fundingRate,
      long nextFundingTime) {
    perp.quote(symbol, bid, bidQty, ask, askQty, clock.getAsLong());
    funding(symbol, fundingRate, nextFundingTime);
  }

  /**
   * Binance's request-weight budgets, per minute: {@code spot} for {@code /api}, {@code futures} for
   * {@code /fapi} (0 = no limit; the defaults are Binance's, 6,000 and 2,400).
   */
  public void weightLimits(int spot, int futures) {
    this.weights = new RequestWeights(spot, futures);
  }

  Route route() {
    return concat(extractRequest(request -> weighed(request, this::restRoute)), market.route(),
        userDataSocket("spot"), userDataSocket("futures"));
  }

  /** The user-data websocket of a market: {@code /<market>/ws/<listenKey>}, incoming messages ignored. */
  private Route userDataSocket(String marketName) {
    return pathPrefix(marketName, () -> pathPrefix("ws", () -> path(PathMatchers.segment(), key -> handleWebSocketMessages(
        Flow.fromSinkAndSource(Sink.ignore(),
            userData.connect(marketName, key).map(text -> (Message) TextMessage.create(text)))))));
  }

  /**
   * Binance's listen-key endpoints (API key, no signature): POST opens (or extends and returns the
   * open one), PUT keeps alive, DELETE closes; spot names the key in {@code listenKey}, futures acts
   * on the account's.
   */
  private Route listenKeys(String marketName) {
    return concat(
        post(() -> keyed(p -> JSON.createObjectNode().put("listenKey", userData.open(marketName)))),
        put(() -> keyed(p -> {
          String key = userData.keepAlive(marketName, p.get("listenKey"));
          return marketName.equals("spot") ? JSON.createObjectNode() : JSON.createObjectNode().put("listenKey", key);
        })),
        delete(() -> keyed(p -> {
          userData.close(marketName, p.get("listenKey"));
          return JSON.createObjectNode();
        })));
  }

  /**
   * Counts a REST request's weight and answers with the minute's total in {@code X-MBX-USED-WEIGHT-1M},
   * or refuses it with 429 / 418 and {@code Retry-After} once the budget is spent, as Binance does.
   */
  private Route weighed(HttpRequest request, Supplier<Route> inner) {
    String path = request.getUri().path();
    boolean futuresApi = path.startsWith("/fapi/");
    if (!futuresApi && !path.startsWith("/api/")) {
      return inner.get();
    }
    var query = request.getUri().query();
    RequestWeights.Taken taken = weights.take(futuresApi, RequestWeights.weightOf(futuresApi,
        path.substring(path.lastIndexOf('/') + 1), query.get("limit").orElse(null), query.get("symbol").isPresent()),
        clock.getAsLong());
    HttpHeader used = HttpHeader.parse("X-MBX-USED-WEIGHT-1M", Long.toString(taken.used()));
    if (taken.refused()) {
      String msg = taken.status() == 418
          ? "Way too many requests; IP banned for " + taken.retryAfterSeconds() + " s to prevent DDoS attacks."
          : "Too many requests; current request weight exceeds the limit per minute. Please use the websocket"
              + " for live updates to avoid polling the API.";
      return complete(HttpResponse.create().withStatus(StatusCodes.get(taken.status()))
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.createObjectNode().put("code", -1003).put("msg", msg)
              .toString())
          .addHeader(used)
          .addHeader(retryAfter(taken.retryAfterSeconds())));
    }
    return mapResponse(response -> response.addHeader(used), inner);
  }

  private static HttpHeader retryAfter(long seconds) {
    return HttpHeader.parse("Retry-After", Long.toString(seconds));
  }

  private Route restRoute() {
    return concat(
        pathPrefix("api", () -> pathPrefix("v3", () -> concat(
            path("time", () -> get(() -> respond(this::time))),
            path("exchangeInfo", () -> get(() -> respond(() -> ExchangeInfo.spot(spot, clock.getAsLong())))),
            marketData("spot", spot, 1_000, 5_000),
            orders("spot", spot),
            path("myTrades", () -> get(() -> signed(p -> trades(spot, p, 500, 1_000)))),
            path("userDataStream", () -> listenKeys("spot")),
            path("account", () -> get(() -> signed(p -> account())))))),
        pathPrefix("fapi", () -> concat(
            pathPrefix("v1", () -> concat(
                path("time", () -> get(() -> respond(this::time))),
                path("exchangeInfo", () -> get(() -> respond(() -> ExchangeInfo.futures(perp, clock.getAsLong())))),
                path("premiumIndex", () -> get(() -> parameterOptional("symbol", s -> respond(
                    () -> eachSymbol(perp, s, this::premiumIndex))))),
                path("fundingRate", () -> mapResponse(this::maybeCorrupt, () -> get(() -> parameterMap(p ->
                    respond(() -> history().fundingRates(required(p, "symbol"), millis(p, "startTime"),
                        millis(p, "endTime"), limit(p, 100, 1_000))))))),
                path("fundingInfo", () -> get(() -> respond(this::fundingInfo))),
                path("leverageBracket", () -> get(() -> signed(this::leverageBrackets))),
                marketData("futures", perp, 1_500, 1_000),
                orders("futures", perp),
                path("userTrades", () -> get(() -> signed(p -> trades(perp, p, 500, 1_000)))),
                path("listenKey", () -> listenKeys("futures")),
                path("leverage", () -> post(() -> signed(this::leverage))),
                path("marginType", () -> post(() -> signed(this::marginType))),
                path("income", () -> get(() -> signed(this::income))))),
            // v2 and v3 answer alike here: v3 only drops fields, which a client ignores
            pathPrefix("v2", this::futuresAccountRoutes),
            pathPrefix("v3", this::futuresAccountRoutes))),
        pathPrefix("fundarb", () -> pathPrefix("v1", () -> path("replay", () -> get(() -> respond(
            () -> history().replay()))))));
  }

  private Route futuresAccountRoutes() {
    return concat(
        path("account", () -> get(() -> signed(p -> futuresAccount()))),
        path("balance", () -> get(() -> signed(p -> futuresBalance()))),
        path("positionRisk", () -> get(() -> signed(this::positionRisk))));
  }

  /**
   * The public market data of a market: klines of the replayed history, its book as depth and
   * tickers; an answer may be cut in half by the injected fault.
   */
  private Route marketData(String marketName, Book book, int maxKlines, int maxDepth) {
    return mapResponse(this::maybeCorrupt, () -> concat(
        path("klines", () -> get(() -> parameterMap(p -> respond(() -> history().klines(marketName,
            required(p, "symbol"), required(p, "interval"), millis(p, "startTime"), millis(p, "endTime"),
            limit(p, 500, maxKlines)))))),
        path("depth", () -> get(() -> parameterMap(p -> respond(() -> depth(book, required(p, "symbol"),
            limit(p, marketName.equals("spot") ? 100 : 500, maxDepth)))))),
        // Binance's tickers: one symbol's object, or every symbol's in an array when none is named
        pathPrefix("ticker", () -> concat(
            path("bookTicker", () -> get(() -> parameterOptional("symbol", s ->
                respond(() -> eachSymbol(book, s, symbol -> bookTicker(book, symbol)))))),
            path("price", () -> get(() -> parameterOptional("symbol", s ->
                respond(() -> eachSymbol(book, s, symbol -> price(book, symbol)))))),
            path("24hr", () -> get(() -> parameterOptional("symbol", s ->
                respond(() -> eachSymbol(book, s, symbol -> ticker24h(marketName, book, symbol))))))))));
  }

  /** A successful market-data answer cut in half when it is the fault's turn: status 200, not JSON. */
  private HttpResponse maybeCorrupt(HttpResponse response) {
    if (response.status().intValue() != 200 || !faults.corruptMarketData()) {
      return response;
    }
    String body = response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
        ? strict.getData().utf8String() : "";
    return response.withEntity(ContentTypes.APPLICATION_JSON, body.substring(0, body.length() / 2));
  }

  /** The rolling 24-hour statistics of the replayed bars, with the current quote. */
  private JsonNode ticker24h(String marketName, Book book, String symbol) {
    long[] q = book.top(symbol);
    return history().ticker24h(marketName, symbol).put("bidPrice", Fixed.toString(q[0]))
        .put("bidQty", Fixed.toString(q[1])).put("askPrice", Fixed.toString(q[2])).put("askQty", Fixed.toString(q[3]));
  }

  /** {@code one} for the named symbol, or an array of it for every quoted symbol. */
  private static JsonNode eachSymbol(Book book, Optional<String> symbol, Function<String, JsonNode> one) {
    if (symbol.isPresent()) {
      return one.apply(symbol.get());
    }
    ArrayNode all = JSON.createArrayNode();
    book.quoted().forEach(s -> all.add(one.apply(s)));
    return all;
  }

  /** The last price: the replayed bar's close, the middle of the quote around it. */
  private JsonNode price(Book book, String symbol) {
    book.top(symbol); // the venue's errors for an unknown or unquoted symbol
    return JSON.createObjectNode().put("symbol", symbol).put("price", Fixed.toString(book.mid(symbol)))
        .put("time", clock.getAsLong());
  }

  private ReplayedHistory history() {
    ReplayedHistory h = history;
    if (h == null) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
    return h;
  }

  /** The replayed market's history, served as klines and funding rates (set by the replay). */
  void history(ReplayedHistory history) {
    this.history = history;
  }

  /** The book's levels, best first: {@code [price, size]} pairs, as Binance's depth answers. */
  private JsonNode depth(Book book, String symbol, int limit) {
    List<List<Book.Level>> sides = book.levels(symbol, limit);
    long now = clock.getAsLong();
    ObjectNode json = JSON.createObjectNode().put("lastUpdateId", now).put("E", now).put("T", now);
    for (int k = 0; k < 2; k++) {
      ArrayNode side = json.putArray(k == 0 ? "bids" : "asks");
      sides.get(k).forEach(l -> side.addArray().add(Fixed.toString(l.price())).add(Fixed.toString(l.size())));
    }
    return json;
  }

  private JsonNode bookTicker(Book book, String symbol) {
    long[] q = book.top(symbol);
    return JSON.createObjectNode().put("symbol", symbol).put("bidPrice", Fixed.toString(q[0]))
        .put("bidQty", Fixed.toString(q[1])).put("askPrice", Fixed.toString(q[2])).put("askQty", Fixed.toString(q[3]))
        .put("time", clock.getAsLong());
  }

  /** An optional epoch-millisecond parameter. */
  private static Long millis(Map<String, String> p, String name) {
    return p.containsKey(name) ? Long.valueOf(p.get(name)) : null;
  }

  /** A request's {@code limit}: the default when absent, at most {@code max}. */
  private static int limit(Map<String, String> p, int fallback, int max) {
    int limit = p.containsKey("limit") ? Integer.parseInt(p.get("limit")) : fallback;
    if (limit < 1) {
      throw VenueError.badRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '"
          + max + "'.");
    }
    return Math.min(limit, max);
  }

  private Route orders(String marketName, Book book) {
    return concat(
        path("order", () -> concat(
            post(() -> signed(p -> newOrder(marketName, book, p))),
            get(() -> signed(p -> order(find(book, p)))),
            delete(() -> signed(p -> cancel(book, p))))),
        path("openOrders", () -> get(() -> signed(p -> openOrders(book, p)))),
        path("allOrders", () -> get(() -> signed(p -> allOrders(book, p)))));
  }

  /** A signed endpoint (Binance's TRADE and USER_DATA): API key, signature, timestamp within the window. */
  private Route signed(Function<Map<String, String>, JsonNode> handler) {
    return withKey(true, handler);
  }

  /** An endpoint that needs the API key only (Binance's USER_STREAM). */
  private Route keyed(Function<Map<String, String>, JsonNode> handler) {
    return withKey(false, handler);
  }

  private Route withKey(boolean signature, Function<Map<String, String>, JsonNode> handler) {
    return extractRequest(request -> optionalHeaderValueByName("X-MBX-APIKEY", key ->
        entity(Unmarshaller.entityToString(), body -> respond(() -> {
          if (key.isEmpty() || !key.get().equals(credentials.apiKey())) {
            throw new VenueError(401, -2015, "Invalid API-key, IP, or permissions for action.");
          }
          String query = request.getUri().rawQueryString().orElse("");
          Map<String, String> params = new HashMap<>();
          parse(query, params);
          parse(body, params);
          if (!signature) {
            return handler.apply(params);
          }
          faults.beforeSigned();
          Signatures.verify(credentials.secret(), query, body);
          long timestamp = Long.parseLong(required(params, "timestamp"));
          long window = params.containsKey("recvWindow") ? Long.parseLong(params.get("recvWindow")) : DEFAULT_RECV_WINDOW;
          if (Math.abs(clock.getAsLong() - timestamp) > window) {
            throw VenueError.badRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
          }
          return handler.apply(params);
        }))));
  }

  private Route respond(Supplier<JsonNode> work) {
    int status;
    JsonNode body;
    int retryAfter = 0;
    try {
      body = work.get();
      status = 200;
    } catch (VenueError e) {
      status = e.status;
      retryAfter = e.retryAfter;
      body = JSON.createObjectNode().put("code", e.code).put("msg", e.getMessage());
    } catch (IllegalArgumentException e) { // NumberFormatException included
      status = 400;
      body = JSON.createObjectNode().put("code", -1100).put("msg", "Illegal characters found in a parameter.");
    }
    HttpResponse response = HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
    return complete(retryAfter > 0
        ? response.addHeader(retryAfter(retryAfter))
        : response);
  }

  private JsonNode time() {
    return JSON.createObjectNode().put("serverTime", clock.getAsLong());
  }

  /**
   * Called with each new order's client id and its arrival time ({@link System#nanoTime}) as the
   * venue starts handling it: the far end of a tick-to-order latency measurement.
   */
  public void onOrderArrival(java.util.function.ObjLongConsumer<String> tap) {
    this.arrivals = tap;
  }

  private JsonNode newOrder(String marketName, Book book, Map<String, String> p) {
    arrivals.accept(p.getOrDefault("newClientOrderId", ""), System.nanoTime());
    faults.beforeOrder(marketName);
    String type = required(p, "type").toUpperCase(Locale.ROOT);
    if (!type.equals("MARKET") && !type.equals("LIMIT")) {
      throw VenueError.badRequest(-1116, "Invalid orderType.");
    }
    VenueOrder o = book.submit(required(p, "symbol"), VenueOrder.Side.valueOf(required(p, "side")), type,
        p.getOrDefault("timeInForce", "GTC"), type.equals("LIMIT") ? Fixed.parse(required(p, "price")) : 0,
        Fixed.parse(required(p, "quantity")), Boolean.parseBoolean(p.get("reduceOnly")), p.get("newClientOrderId"),
        clock.getAsLong());
    faults.afterOrder();
    ObjectNode json = order(o).put("transactTime", o.time);
    ArrayNode fills = json.putArray("fills");
    for (VenueOrder.Execution e : o.executions) {
      fills.addObject().put("price", Fixed.toString(e.price())).put("qty", Fixed.toString(e.quantity()))
          .put("commission", Fixed.toString(e.fee())).put("commissionAsset", "USDT").put("tradeId", e.id());
    }
    return json;
  }

  private static VenueOrder find(Book book, Map<String, String> p) {
    return book.find(required(p, "symbol"), p.containsKey("orderId") ? Long.valueOf(p.get("orderId")) : null,
        p.get("origClientOrderId"));
  }

  private JsonNode cancel(Book book, Map<String, String> p) {
    VenueOrder o = book.cancel(required(p, "symbol"),
        p.containsKey("orderId") ? Long.valueOf(p.get("orderId")) : null, p.get("origClientOrderId"),
        clock.getAsLong());
    return order(o).put("origClientOrderId", o.clientOrderId);
  }

  private JsonNode openOrders(Book book, Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    book.openOrders(p.get("symbol")).forEach(o -> list.add(order(o)));
    return list;
  }

  private JsonNode allOrders(Book book, Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    int limit = p.containsKey("limit") ? Integer.parseInt(p.get("limit")) : 500;
    book.allOrders(required(p, "symbol"), limit).forEach(o -> list.add(order(o)));
    return list;
  }

  private JsonNode premiumIndex(String symbol) {
    long[] f = funding.getOrDefault(symbol, new long[2]);
    long mark = perp.mid(symbol);
    return JSON.createObjectNode().put("symbol", symbol).put("markPrice", Fixed.toString(mark))
        .put("indexPrice", Fixed.toString(mark)).put("estimatedSettlePrice", Fixed.toString(mark))
        .put("lastFundingRate", io.fundarb.engine.money.Rate.toString(f[0])).put("interestRate", "0.0001")
        .put("nextFundingTime", f[1]).put("time", clock.getAsLong());
  }

  private JsonNode leverage(Map<String, String> p) {
    String symbol = required(p, "symbol");
    perp.setLeverage(symbol, Integer.parseInt(required(p, "leverage")));
    return JSON.createObjectNode().put("leverage", perp.leverage(symbol)).put("maxNotionalValue", "1000000")
        .put("symbol", symbol);
  }

  private JsonNode marginType(Map<String, String> p) {
    String type = required(p, "marginType").toUpperCase(Locale.ROOT);
    if (!type.equals("ISOLATED") && !type.equals("CROSSED")) {
      throw VenueError.badRequest(-4044, "The margin type is invalid.");
    }
    perp.setMarginType(required(p, "symbol"), type.equals("ISOLATED"));
    return JSON.createObjectNode().put("code", 200).put("msg", "success");
  }

  /** Binance's income history; only FUNDING_FEE is kept here (other types answer an empty list). */
  private JsonNode income(Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    String type = p.get("incomeType");
    if (type != null && !type.equals("FUNDING_FEE")) {
      return list;
    }
    Long from = millis(p, "startTime");
    Long to = millis(p, "endTime");
    for (PerpBook.Income i : perp.income(p.get("symbol"), from == null ? Long.MIN_VALUE : from,
        to == null ? Long.MAX_VALUE : to, limit(p, 100, 1_000))) {
      list.addObject().put("symbol", i.symbol()).put("incomeType", "FUNDING_FEE")
          .put("income", Fixed.toString(i.amount())).put("asset", "USDT").put("info", "FUNDING_FEE")
          .put("time", i.time()).put("tranId", i.id()).put("tradeId", "");
    }
    return list;
  }

  private JsonNode positionRisk(Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    for (String symbol : perp.symbols()) {
      if (p.get("symbol") == null || p.get("symbol").equals(symbol)) {
        list.add(positionJson(symbol));
      }
    }
    return list;
  }

  private ObjectNode positionJson(String symbol) {
    PerpBook.Position pos = perp.position(symbol);
    long mark = perp.mid(symbol);
    return JSON.createObjectNode().put("symbol", symbol).put("positionAmt", Fixed.toString(pos.quantity()))
        .put("entryPrice", Fixed.toString(pos.entry())).put("markPrice", Fixed.toString(mark))
        .put("unRealizedProfit", Fixed.toString(perp.unrealized(symbol))).put("liquidationPrice", "0")
        .put("leverage", String.valueOf(perp.leverage(symbol))).put("maxNotionalValue", "1000000")
        .put("marginType", perp.isolated(symbol) ? "isolated" : "cross")
        .put("isolatedMargin", Fixed.toString(perp.isolated(symbol) ? perp.margin(symbol) : 0))
        .put("isAutoAddMargin", "false").put("positionSide", "BOTH")
        .put("notional", Fixed.toString(Fixed.mul(pos.quantity(), mark, java.math.RoundingMode.HALF_EVEN)))
        .put("isolatedWallet", "0").put("updateTime", clock.getAsLong());
  }

  /**
   * Binance's account trade list ({@code /api/v3/myTrades}, {@code /fapi/v1/userTrades}): the
   * symbol's trades, oldest first, from {@code fromId} or in [startTime, endTime], at most {@code limit}.
   */
  private JsonNode trades(Book book, Map<String, String> p, int fallback, int max) {
    String symbol = required(p, "symbol");
    Long from = millis(p, "startTime");
    Long to = millis(p, "endTime");
    long fromId = p.containsKey("fromId") ? Long.parseLong(p.get("fromId")) : 0;
    ArrayNode list = JSON.createArrayNode();
    for (var t : book.trades(symbol, from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to, fromId,
        limit(p, fallback, max))) {
      VenueOrder o = t.getKey();
      VenueOrder.Execution e = t.getValue();
      boolean buyer = o.side == VenueOrder.Side.BUY;
      ObjectNode json = list.addObject().put("symbol", symbol).put("id", e.id()).put("orderId", o.orderId)
          .put("price", Fixed.toString(e.price())).put("qty", Fixed.toString(e.quantity()))
          .put("quoteQty", Fixed.toString(Fixed.mul(e.quantity(), e.price(), java.math.RoundingMode.HALF_EVEN)))
          .put("commission", Fixed.toString(e.fee())).put("commissionAsset", "USDT").put("time", e.time());
      if (book == perp) { // futures' names for the same facts
        json.put("side", o.side.name()).put("positionSide", "BOTH").put("buyer", buyer).put("maker", e.maker())
            .put("realizedPnl", Fixed.toString(e.realized())).put("marginAsset", "USDT");
      } else {
        json.put("orderListId", -1).put("isBuyer", buyer).put("isMaker", e.maker()).put("isBestMatch", true);
      }
    }
    return list;
  }

  /** Each perp's funding interval and caps ({@code /fapi/v1/fundingInfo}), the interval taken from its data. */
  private JsonNode fundingInfo() {
    ArrayNode list = JSON.createArrayNode();
    for (String symbol : perp.symbols()) {
      list.addObject().put("symbol", symbol).put("adjustedFundingRateCap", "0.03")
          .put("adjustedFundingRateFloor", "-0.03").put("fundingIntervalHours", history().fundingIntervalHours(symbol))
          .put("disclaimer", false);
    }
    return list;
  }

  /**
   * Notional brackets ({@code /fapi/v1/leverageBracket}): one bracket per symbol here, up to 125x
   * over any notional, since the venue does not tier maintenance margin (liquidation is not simulated).
   */
  private JsonNode leverageBrackets(Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    for (String symbol : perp.symbols()) {
      if (p.get("symbol") == null || p.get("symbol").equals(symbol)) {
        ObjectNode json = list.addObject().put("symbol", symbol);
        json.putArray("brackets").addObject().put("bracket", 1).put("initialLeverage", 125)
            .put("notionalCap", 9_000_000_000L).put("notionalFloor", 0).put("maintMarginRatio", 0.004).put("cum", 0);
      }
    }
    if (p.get("symbol") != null) {
      if (list.isEmpty()) {
        throw VenueError.badRequest(-1121, "Invalid symbol.");
      }
      return list.get(0);
    }
    return list;
  }

  /** The futures wallet's balances ({@code /fapi/v2|v3/balance}): USDT, the only margin asset here. */
  private JsonNode futuresBalance() {
    long unrealized = 0;
    long margin = 0;
    for (String symbol : perp.symbols()) {
      unrealized += perp.unrealized(symbol);
      margin += perp.margin(symbol);
    }
    long wallet = perp.wallet();
    ArrayNode list = JSON.createArrayNode();
    list.addObject().put("accountAlias", "fundarb").put("asset", "USDT").put("balance", Fixed.toString(wallet))
        .put("crossWalletBalance", Fixed.toString(wallet)).put("crossUnPnl", Fixed.toString(unrealized))
        .put("availableBalance", Fixed.toString(wallet + unrealized - margin))
        .put("maxWithdrawAmount", Fixed.toString(Math.max(0, wallet + unrealized - margin)))
        .put("marginAvailable", true).put("updateTime", clock.getAsLong());
    return list;
  }

  private JsonNode futuresAccount() {
    long unrealized = 0;
    long margin = 0;
    ArrayNode positions = JSON.createArrayNode();
    for (String symbol : perp.symbols()) {
      unrealized += perp.unrealized(symbol);
      margin += perp.margin(symbol);
      positions.add(positionJson(symbol));
    }
    long wallet = perp.wallet();
    ObjectNode json = JSON.createObjectNode().put("feeTier", 0).put("canTrade", true).put("canDeposit", true)
        .put("canWithdraw", true).put("updateTime", clock.getAsLong())
        .put("totalInitialMargin", Fixed.toString(margin)).put("totalMaintMargin", "0")
        .put("totalWalletBalance", Fixed.toString(wallet)).put("totalUnrealizedProfit", Fixed.toString(unrealized))
        .put("totalMarginBalance", Fixed.toString(wallet + unrealized))
        .put("totalPositionInitialMargin", Fixed.toString(margin)).put("totalOpenOrderInitialMargin", "0")
        .put("totalCrossWalletBalance", Fixed.toString(wallet)).put("totalCrossUnPnl", Fixed.toString(unrealized))
        .put("availableBalance", Fixed.toString(wallet + unrealized - margin))
        .put("maxWithdrawAmount", Fixed.toString(Math.max(0, wallet + unrealized - margin)));
    json.putArray("assets").addObject().put("asset", "USDT").put("walletBalance", Fixed.toString(wallet))
        .put("unrealizedProfit", Fixed.toString(unrealized)).put("marginBalance", Fixed.toString(wallet + unrealized))
        .put("availableBalance", Fixed.toString(wallet + unrealized - margin));
    json.set("positions", positions);
    return json;
  }

  private ObjectNode order(VenueOrder o) {
    return JSON.createObjectNode().put("symbol", o.symbol).put("orderId", o.orderId).put("orderListId", -1)
        .put("clientOrderId", o.clientOrderId).put("price", Fixed.toString(o.price))
        .put("origQty", Fixed.toString(o.quantity)).put("executedQty", Fixed.toString(o.executed))
        .put("cummulativeQuoteQty", Fixed.toString(o.quoteExecuted)).put("status", o.status)
        .put("timeInForce", o.timeInForce).put("type", o.type).put("side", o.side.name()).put("time", o.time)
        .put("updateTime", o.updateTime).put("isWorking", true).put("reduceOnly", o.reduceOnly)
        .put("avgPrice", o.executed == 0 ? "0" : Fixed.toString(Fixed.div(o.quoteExecuted, o.executed,
            java.math.RoundingMode.HALF_EVEN)));
  }

  private JsonNode account() {
    ObjectNode json = JSON.createObjectNode().put("makerCommission", 10).put("takerCommission", 10)
        .put("buyerCommission", 0).put("sellerCommission", 0).put("canTrade", true).put("canWithdraw", false)
        .put("canDeposit", false).put("updateTime", clock.getAsLong()).put("accountType", "SPOT");
    ArrayNode balances = json.putArray("balances");
    spot.balances().forEach((asset, free) ->
        balances.addObject().put("asset", asset).put("free", Fixed.toString(free)).put("locked", "0"));
    json.putArray("permissions").add("SPOT");
    return json;
  }

  private static String required(Map<String, String> p, String name) {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      throw VenueError.badRequest(-1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }
    return v;
  }

  private static void parse(String encoded, Map<String, String> into) {
    for (String part : encoded.isEmpty() ? new String[0] : encoded.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        into.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
  }
}
