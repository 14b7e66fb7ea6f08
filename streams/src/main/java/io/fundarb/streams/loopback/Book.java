package io.fundarb.streams.loopback;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One market of the loopback venue (spot or USDT-M futures) and its account, in exact Fixed
 * arithmetic. The market is the last best bid/ask (with sizes) per symbol, replayed from data;
 * orders take liquidity from it (market, IOC and GTC limits), partially when the quote is
 * smaller than the order; a resting GTC limit keeps matching later quotes. Client order ids are
 * idempotent: an id already used is refused, never executed twice. Subclasses say what an order
 * may cost and how a fill changes the account. Thread-safe (one lock: a test venue, not a matcher).
 */
abstract class Book {
  private record Quote(long bid, long bidQty, long ask, long askQty) {}

  private final Map<String, Quote> quotes = new HashMap<>();
  private final Map<Long, VenueOrder> orders = new LinkedHashMap<>();
  private final Map<String, Long> byClientId = new HashMap<>();
  private final long takerFee;
  private long nextOrderId = 1;
  private long duplicatesRefused;

  Book(long takerFeeRate) {
    this.takerFee = takerFeeRate;
  }

  /** Refuses (with the venue's error) an order the account cannot carry at {@code price}. */
  abstract void checkAffordable(VenueOrder order, long price);

  /** Applies an execution of {@code qty} at {@code price} with {@code fee} (quote asset) to the account. */
  abstract void settle(VenueOrder order, long price, long qty, long notional, long fee);

  abstract boolean listed(String symbol);

  /** A new best bid/ask: resting orders match against it first. */
  synchronized void quote(String symbol, long bid, long bidQty, long ask, long askQty) {
    quotes.put(symbol, new Quote(bid, bidQty, ask, askQty));
    for (VenueOrder o : orders.values()) {
      if (o.open() && o.symbol.equals(symbol)) {
        match(o);
      }
    }
  }

  synchronized long duplicatesRefused() {
    return duplicatesRefused;
  }

  /** {bid, bid size, ask, ask size} of the last quote; the venue's errors for an unknown or unquoted symbol. */
  synchronized long[] top(String symbol) {
    if (!listed(symbol)) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
    Quote q = quotes.get(symbol);
    if (q == null) {
      throw VenueError.badRequest(-1013, "Market is closed.");
    }
    return new long[] {q.bid, q.bidQty, q.ask, q.askQty};
  }

  /** The symbols quoted so far, in order. */
  synchronized List<String> quoted() {
    return new ArrayList<>(new TreeSet<>(quotes.keySet()));
  }

  /** The mid of the last quote, or 0 before the first one. */
  synchronized long mid(String symbol) {
    Quote q = quotes.get(symbol);
    return q == null ? 0 : (q.bid + q.ask) / 2;
  }

  synchronized VenueOrder submit(String symbol, VenueOrder.Side side, String type, String timeInForce, long price,
      long quantity, boolean reduceOnly, String clientOrderId, long now) {
    if (!listed(symbol)) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
    if (quantity <= 0) {
      throw VenueError.badRequest(-1013, "Invalid quantity.");
    }
    if (type.equals("LIMIT") && price <= 0) {
      throw VenueError.badRequest(-1013, "Invalid price.");
    }
    if (clientOrderId != null && byClientId.containsKey(clientOrderId)) {
      duplicatesRefused++;
      throw VenueError.badRequest(-2010, "Duplicate order sent.");
    }
    Quote q = quotes.get(symbol);
    if (q == null) {
      throw VenueError.badRequest(-1013, "Market is closed.");
    }
    String id = clientOrderId != null ? clientOrderId : "loopback-" + nextOrderId;
    VenueOrder o = new VenueOrder(nextOrderId, id, symbol, side, type, type.equals("MARKET") ? "GTC" : timeInForce,
        price, quantity, reduceOnly, now);
    long reference = side == VenueOrder.Side.BUY ? (type.equals("LIMIT") ? price : q.ask) : q.bid;
    checkAffordable(o, reference);
    nextOrderId++;
    orders.put(o.orderId, o);
    byClientId.put(id, o.orderId);
    match(o);
    if (o.open() && (type.equals("MARKET") || timeInForce.equals("IOC"))) {
      o.status = "EXPIRED"; // the book had less than the order: the rest is not kept
    }
    return o;
  }

  synchronized VenueOrder find(String symbol, Long orderId, String clientOrderId) {
    Long id = orderId != null ? orderId : byClientId.get(clientOrderId);
    VenueOrder o = id == null ? null : orders.get(id);
    if (o == null || !o.symbol.equals(symbol)) {
      throw VenueError.badRequest(-2013, "Order does not exist.");
    }
    return o;
  }

  synchronized VenueOrder cancel(String symbol, Long orderId, String clientOrderId) {
    VenueOrder o = find(symbol, orderId, clientOrderId);
    if (!o.open()) {
      throw VenueError.badRequest(-2011, "Unknown order sent.");
    }
    o.status = "CANCELED";
    return o;
  }

  synchronized List<VenueOrder> openOrders(String symbol) {
    List<VenueOrder> open = new ArrayList<>();
    for (VenueOrder o : orders.values()) {
      if (o.open() && (symbol == null || o.symbol.equals(symbol))) {
        open.add(o);
      }
    }
    return open;
  }

  /** The symbol's most recent orders, oldest first, at most {@code limit}. */
  synchronized List<VenueOrder> allOrders(String symbol, int limit) {
    List<VenueOrder> all = new ArrayList<>();
    for (VenueOrder o : orders.values()) {
      if (o.symbol.equals(symbol)) {
        all.add(o);
      }
    }
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  /** What taking {@code qty} at {@code price} costs in fees (quote asset). */
  long fee(long notional) {
    return Rate.apply(notional, takerFee, RoundingMode.HALF_EVEN);
  }

  private void match(VenueOrder o) {
    Quote q = quotes.get(o.symbol);
    boolean buy = o.side == VenueOrder.Side.BUY;
    long px = buy ? q.ask : q.bid;
    if (o.type.equals("LIMIT") && (buy ? px > o.price : px < o.price)) {
      return; // does not cross
    }
    long qty = Math.min(o.quantity - o.executed, buy ? q.askQty : q.bidQty);
    if (qty <= 0) {
      return;
    }
    long notional = Fixed.mul(qty, px, RoundingMode.HALF_EVEN);
    long fee = fee(notional);
    settle(o, px, qty, notional, fee);
    quotes.put(o.symbol, buy ? new Quote(q.bid, q.bidQty, q.ask, q.askQty - qty)
        : new Quote(q.bid, q.bidQty - qty, q.ask, q.askQty));
    o.executed += qty;
    o.quoteExecuted += notional;
    o.executions.add(new VenueOrder.Execution(px, qty, fee));
    o.status = o.executed == o.quantity ? "FILLED" : "PARTIALLY_FILLED";
  }
}
