package io.fundarb.streams.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.money.Fixed;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * A Binance-compatible venue on 127.0.0.1 for paper mode and tests, close enough that the real
 * XChange client works against it: the spot REST subset (server time, exchange info, new /
 * query / cancel order, open orders, account) with Binance's signature rules (API key header,
 * HMAC-SHA256 over query + body, timestamp within recvWindow) and error shapes, plus the
 * combined-stream websockets of {@link LoopbackMarketServer}.
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
  private final Credentials credentials;
  private final LongSupplier clock;
  private final LoopbackMarketServer market;

  /**
   * @param takerFee spot taker fee (Rate), charged in the quote asset
   */
  public LoopbackVenue(Credentials credentials, long takerFee, LongSupplier clock, LoopbackMarketServer.Feed feed) {
    this.spot = new SpotBook(takerFee);
    this.credentials = credentials;
    this.clock = clock;
    this.market = new LoopbackMarketServer(feed);
  }

  public CompletionStage<ServerBinding> bind(ClassicActorSystemProvider system, int port) {
    return Http.get(system).newServerAt("127.0.0.1", port).bind(route());
  }

  /** Lists a spot symbol, e.g. BTCUSDT = BTC / USDT. */
  public void list(String symbol, String base, String quote) {
    spot.list(symbol, base, quote);
  }

  public void deposit(String asset, long amount) {
    spot.deposit(asset, amount);
  }

  public long balance(String asset) {
    return spot.balance(asset);
  }

  /** The replayed market's best bid and ask (Fixed prices and sizes). */
  public void quote(String symbol, long bid, long bidQty, long ask, long askQty) {
    spot.quote(symbol, bid, bidQty, ask, askQty);
  }

  Route route() {
    return concat(pathPrefix("api", () -> pathPrefix("v3", () -> concat(
        path("time", () -> get(() -> respond(() -> JSON.createObjectNode().put("serverTime", clock.getAsLong())))),
        path("exchangeInfo", () -> get(() -> respond(this::exchangeInfo))),
        path("order", () -> concat(
            post(() -> signed(this::newOrder)),
            get(() -> signed(p -> order(find(p)))),
            delete(() -> signed(p -> cancel(p))))),
        path("openOrders", () -> get(() -> signed(this::openOrders))),
        path("account", () -> get(() -> signed(p -> account())))))),
        market.route());
  }

  private Route signed(Function<Map<String, String>, JsonNode> handler) {
    return extractRequest(request -> optionalHeaderValueByName("X-MBX-APIKEY", key ->
        entity(Unmarshaller.entityToString(), body -> respond(() -> {
          if (key.isEmpty() || !key.get().equals(credentials.apiKey())) {
            throw new VenueError(401, -2015, "Invalid API-key, IP, or permissions for action.");
          }
          String query = request.getUri().rawQueryString().orElse("");
          Signatures.verify(credentials.secret(), query, body);
          Map<String, String> params = new HashMap<>();
          parse(query, params);
          parse(body, params);
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
    try {
      body = work.get();
      status = 200;
    } catch (VenueError e) {
      status = e.status;
      body = JSON.createObjectNode().put("code", e.code).put("msg", e.getMessage());
    } catch (IllegalArgumentException e) { // NumberFormatException included
      status = 400;
      body = JSON.createObjectNode().put("code", -1100).put("msg", "Illegal characters found in a parameter.");
    }
    return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private JsonNode exchangeInfo() {
    ObjectNode info = JSON.createObjectNode().put("timezone", "UTC").put("serverTime", clock.getAsLong());
    info.putArray("rateLimits");
    info.putArray("exchangeFilters");
    info.putArray("symbols");
    return info;
  }

  private JsonNode newOrder(Map<String, String> p) {
    String type = required(p, "type").toUpperCase(Locale.ROOT);
    if (!type.equals("MARKET") && !type.equals("LIMIT")) {
      throw VenueError.badRequest(-1116, "Invalid orderType.");
    }
    SpotBook.Order o = spot.submit(required(p, "symbol"), SpotBook.Side.valueOf(required(p, "side")), type,
        p.getOrDefault("timeInForce", "GTC"), type.equals("LIMIT") ? Fixed.parse(required(p, "price")) : 0,
        Fixed.parse(required(p, "quantity")), p.get("newClientOrderId"), clock.getAsLong());
    ObjectNode json = order(o).put("transactTime", o.time);
    ArrayNode fills = json.putArray("fills");
    for (long[] f : o.fills) {
      fills.addObject().put("price", Fixed.toString(f[0])).put("qty", Fixed.toString(f[1]))
          .put("commission", Fixed.toString(f[2])).put("commissionAsset", "USDT");
    }
    return json;
  }

  private SpotBook.Order find(Map<String, String> p) {
    return spot.find(required(p, "symbol"), p.containsKey("orderId") ? Long.valueOf(p.get("orderId")) : null,
        p.get("origClientOrderId"));
  }

  private JsonNode cancel(Map<String, String> p) {
    SpotBook.Order o = spot.cancel(required(p, "symbol"),
        p.containsKey("orderId") ? Long.valueOf(p.get("orderId")) : null, p.get("origClientOrderId"));
    return order(o).put("origClientOrderId", o.clientOrderId);
  }

  private JsonNode openOrders(Map<String, String> p) {
    ArrayNode list = JSON.createArrayNode();
    spot.openOrders(p.get("symbol")).forEach(o -> list.add(order(o)));
    return list;
  }

  private ObjectNode order(SpotBook.Order o) {
    return JSON.createObjectNode().put("symbol", o.symbol).put("orderId", o.orderId).put("orderListId", -1)
        .put("clientOrderId", o.clientOrderId).put("price", Fixed.toString(o.price))
        .put("origQty", Fixed.toString(o.quantity)).put("executedQty", Fixed.toString(o.executed))
        .put("cummulativeQuoteQty", Fixed.toString(o.quoteExecuted)).put("status", o.status)
        .put("timeInForce", o.timeInForce).put("type", o.type).put("side", o.side.name()).put("time", o.time)
        .put("updateTime", o.time).put("isWorking", true);
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
