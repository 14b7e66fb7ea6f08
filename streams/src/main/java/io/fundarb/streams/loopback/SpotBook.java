package io.fundarb.streams.loopback;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback venue's spot matching and one account's balances, in exact Fixed arithmetic.
 * The market is the last best bid/ask (with sizes) per symbol, replayed from data; orders take
 * liquidity from it (market, IOC and GTC limits), partially when the quote is smaller than the
 * order, and a resting GTC limit keeps matching against later quotes. Taker fees are charged in
 * the quote asset. Client order ids are idempotent: a second order with an id already used is
 * refused, never executed twice. Thread-safe (one lock: this is a test venue, not a matcher).
 */
final class SpotBook {
  enum Side { BUY, SELL }

  /** An order as the venue keeps it; quantities and prices Fixed. */
  static final class Order {
    final long orderId;
    final String clientOrderId;
    final String symbol;
    final Side side;
    final String type;
    final String timeInForce;
    final long price;
    final long quantity;
    final long time;
    long executed;
    long quoteExecuted;
    String status = "NEW";
    final List<long[]> fills = new ArrayList<>(); // {price, qty, commission}

    Order(long orderId, String clientOrderId, String symbol, Side side, String type, String timeInForce, long price,
        long quantity, long time) {
      this.orderId = orderId;
      this.clientOrderId = clientOrderId;
      this.symbol = symbol;
      this.side = side;
      this.type = type;
      this.timeInForce = timeInForce;
      this.price = price;
      this.quantity = quantity;
      this.time = time;
    }

    boolean open() {
      return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
    }
  }

  private record Quote(long bid, long bidQty, long ask, long askQty) {}

  private final Map<String, String[]> assets = new HashMap<>(); // symbol -> {base, quote}
  private final Map<String, Quote> quotes = new HashMap<>();
  private final Map<String, Long> balances = new HashMap<>();
  private final Map<Long, Order> orders = new LinkedHashMap<>();
  private final Map<String, Long> byClientId = new HashMap<>();
  private final long takerFee;
  private long nextOrderId = 1;

  SpotBook(long takerFeeRate) {
    this.takerFee = takerFeeRate;
  }

  synchronized void list(String symbol, String base, String quote) {
    assets.put(symbol, new String[] {base, quote});
  }

  synchronized void deposit(String asset, long amount) {
    balances.merge(asset, amount, Math::addExact);
  }

  synchronized long balance(String asset) {
    return balances.getOrDefault(asset, 0L);
  }

  synchronized Map<String, Long> balances() {
    return Map.copyOf(balances);
  }

  /** A new best bid/ask: resting orders match against it first. */
  synchronized void quote(String symbol, long bid, long bidQty, long ask, long askQty) {
    quotes.put(symbol, new Quote(bid, bidQty, ask, askQty));
    for (Order o : orders.values()) {
      if (o.open() && o.symbol.equals(symbol)) {
        match(o);
      }
    }
  }

  synchronized Order submit(String symbol, Side side, String type, String timeInForce, long price, long quantity,
      String clientOrderId, long now) {
    if (!assets.containsKey(symbol)) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
    if (quantity <= 0) {
      throw VenueError.badRequest(-1013, "Invalid quantity.");
    }
    if (type.equals("LIMIT") && price <= 0) {
      throw VenueError.badRequest(-1013, "Invalid price.");
    }
    if (clientOrderId != null && byClientId.containsKey(clientOrderId)) {
      throw VenueError.badRequest(-2010, "Duplicate order sent.");
    }
    Quote q = quotes.get(symbol);
    if (q == null) {
      throw VenueError.badRequest(-1013, "Market is closed.");
    }
    long reference = side == Side.BUY ? (type.equals("LIMIT") ? price : q.ask) : q.bid;
    if (!affordable(symbol, side, quantity, reference)) {
      throw VenueError.badRequest(-2010, "Account has insufficient balance for requested action.");
    }
    String id = clientOrderId != null ? clientOrderId : "loopback-" + nextOrderId;
    Order o = new Order(nextOrderId++, id, symbol, side, type, type.equals("MARKET") ? "GTC" : timeInForce, price,
        quantity, now);
    orders.put(o.orderId, o);
    byClientId.put(id, o.orderId);
    match(o);
    if (o.open() && (type.equals("MARKET") || timeInForce.equals("IOC"))) {
      o.status = "EXPIRED"; // the book had less than the order: the rest is not kept
    }
    return o;
  }

  synchronized Order find(String symbol, Long orderId, String clientOrderId) {
    Long id = orderId != null ? orderId : byClientId.get(clientOrderId);
    Order o = id == null ? null : orders.get(id);
    if (o == null || !o.symbol.equals(symbol)) {
      throw VenueError.badRequest(-2013, "Order does not exist.");
    }
    return o;
  }

  synchronized Order cancel(String symbol, Long orderId, String clientOrderId) {
    Order o = find(symbol, orderId, clientOrderId);
    if (!o.open()) {
      throw VenueError.badRequest(-2011, "Unknown order sent.");
    }
    o.status = "CANCELED";
    return o;
  }

  synchronized List<Order> openOrders(String symbol) {
    List<Order> open = new ArrayList<>();
    for (Order o : orders.values()) {
      if (o.open() && (symbol == null || o.symbol.equals(symbol))) {
        open.add(o);
      }
    }
    return open;
  }

  private boolean affordable(String symbol, Side side, long quantity, long price) {
    String[] pair = assets.get(symbol);
    if (side == Side.SELL) {
      return balance(pair[0]) >= quantity;
    }
    long cost = Fixed.mul(quantity, price, RoundingMode.UP);
    return balance(pair[1]) >= Math.addExact(cost, Rate.apply(cost, takerFee, RoundingMode.UP));
  }

  private void match(Order o) {
    Quote q = quotes.get(o.symbol);
    if (q == null) {
      return;
    }
    boolean buy = o.side == Side.BUY;
    long px = buy ? q.ask : q.bid;
    if (o.type.equals("LIMIT") && (buy ? px > o.price : px < o.price)) {
      return; // does not cross
    }
    long available = buy ? q.askQty : q.bidQty;
    long qty = Math.min(o.quantity - o.executed, available);
    if (qty <= 0) {
      return;
    }
    String[] pair = assets.get(o.symbol);
    long notional = Fixed.mul(qty, px, RoundingMode.HALF_EVEN);
    long fee = Rate.apply(notional, takerFee, RoundingMode.HALF_EVEN);
    if (buy) {
      deposit(pair[1], -(notional + fee));
      deposit(pair[0], qty);
    } else {
      deposit(pair[0], -qty);
      deposit(pair[1], notional - fee);
    }
    quotes.put(o.symbol, buy ? new Quote(q.bid, q.bidQty, q.ask, q.askQty - qty)
        : new Quote(q.bid, q.bidQty - qty, q.ask, q.askQty));
    o.executed += qty;
    o.quoteExecuted += notional;
    o.fills.add(new long[] {px, qty, fee});
    o.status = o.executed == o.quantity ? "FILLED" : "PARTIALLY_FILLED";
  }
}
