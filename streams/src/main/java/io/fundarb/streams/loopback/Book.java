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
 * arithmetic. The market is the last replayed book per symbol (a few price levels a side); orders
 * take liquidity from it level by level (market, IOC and GTC limits, a limit never beyond its
 * price), partially when the book is smaller than the order; a resting GTC limit keeps matching
 * later books (as the maker; the venue charges one fee rate, its taker rate, either way). Every order
 * passes the symbol's filters first ({@link SymbolRules}). Client order ids are idempotent: an id
 * already used is refused, never executed twice. Subclasses say what an order may cost, how a fill
 * changes the account and how a filter failure is told. Thread-safe (one lock: a test venue, not a
 * matcher).
 */
abstract class Book {
  /** One price level of a side: price and size (Fixed). */
  record Level(long price, long size) {}

  /**
   * Told of every change of an order as it happens (under the book's lock): {@code execution} is
   * Binance's execution type (NEW, TRADE, CANCELED, EXPIRED), {@code trade} the execution of a TRADE.
   */
  interface Listener {
    void changed(VenueOrder order, String execution, VenueOrder.Execution trade);
  }

  /** Bids best first (descending), asks best first (ascending). */
  private record Depth(List<Level> bids, List<Level> asks) {}

  private final Map<String, Depth> books = new HashMap<>();
  private final Map<String, SymbolRules> rules = new HashMap<>();
  private final Map<Long, VenueOrder> orders = new LinkedHashMap<>();
  private final Map<String, Long> byClientId = new HashMap<>();
  private final long takerFee;
  private long nextOrderId = 1;
  private long nextTradeId = 1;
  private long duplicatesRefused;
  private Listener listener = (order, execution, trade) -> { };

  Book(long takerFeeRate) {
    this.takerFee = takerFeeRate;
  }

  /** Refuses (with the venue's error) an order the account cannot carry at {@code price}. */
  abstract void checkAffordable(VenueOrder order, long price);

  /**
   * Applies an execution of {@code qty} at {@code price} with {@code fee} (quote asset) to the
   * account; returns the P&amp;L it realized (0 where the market keeps none).
   */
  abstract long settle(VenueOrder order, long price, long qty, long notional, long fee);

  /** The venue's answer to an order that breaks {@code filter} of {@code rules}. */
  abstract VenueError filterFailure(String filter, SymbolRules rules);

  /** Whether the market waives the minimum order value for this order (futures: reduce-only). */
  abstract boolean valueExempt(VenueOrder order);

  abstract boolean listed(String symbol);

  synchronized void listener(Listener each) {
    this.listener = each;
  }

  /** Lists {@code symbol} on this market with its trading rules. */
  synchronized void rules(String symbol, SymbolRules symbolRules) {
    rules.put(symbol, symbolRules);
  }

  /** The symbol's trading rules. */
  synchronized SymbolRules rules(String symbol) {
    return rules.getOrDefault(symbol, SymbolRules.FINEST);
  }

  /** A new best bid/ask, one level a side: resting orders match against it first. */
  synchronized void quote(String symbol, long bid, long bidQty, long ask, long askQty, long now) {
    depth(symbol, List.of(new Level(bid, bidQty)), List.of(new Level(ask, askQty)), now);
  }

  /** A new book (bids descending, asks ascending, at least one level each): resting orders match it first. */
  synchronized void depth(String symbol, List<Level> bids, List<Level> asks, long now) {
    if (bids.isEmpty() || asks.isEmpty()) {
      throw new IllegalArgumentException(symbol + ": a book needs a level on each side");
    }
    books.put(symbol, new Depth(List.copyOf(bids), List.copyOf(asks)));
    for (VenueOrder o : orders.values()) {
      if (o.open() && o.symbol.equals(symbol)) {
        match(o, true, now);
      }
    }
  }

  synchronized long duplicatesRefused() {
    return duplicatesRefused;
  }

  /** {bid, bid size, ask, ask size} of the best levels; the venue's errors for an unknown or unquoted symbol. */
  synchronized long[] top(String symbol) {
    Depth d = quoted(symbol);
    return new long[] {d.bids.get(0).price, d.bids.get(0).size, d.asks.get(0).price, d.asks.get(0).size};
  }

  /** Up to {@code limit} levels a side: {bids, asks}, best first. */
  synchronized List<List<Level>> levels(String symbol, int limit) {
    Depth d = quoted(symbol);
    return List.of(d.bids.subList(0, Math.min(limit, d.bids.size())),
        d.asks.subList(0, Math.min(limit, d.asks.size())));
  }

  private Depth quoted(String symbol) {
    if (!listed(symbol)) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
    Depth d = books.get(symbol);
    if (d == null) {
      throw VenueError.badRequest(-1013, "Market is closed.");
    }
    return d;
  }

  /** The symbols quoted so far, in order. */
  synchronized List<String> quoted() {
    return new ArrayList<>(new TreeSet<>(books.keySet()));
  }

  /** The mid of the best levels, or 0 before the first book. */
  synchronized long mid(String symbol) {
    Depth d = books.get(symbol);
    return d == null ? 0 : (d.bids.get(0).price + d.asks.get(0).price) / 2;
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
    Depth d = books.get(symbol);
    if (d == null) {
      throw VenueError.badRequest(-1013, "Market is closed.");
    }
    String id = clientOrderId != null ? clientOrderId : "loopback-" + nextOrderId;
    VenueOrder o = new VenueOrder(nextOrderId, id, symbol, side, type, type.equals("MARKET") ? "GTC" : timeInForce,
        price, quantity, reduceOnly, now);
    long reference = side == VenueOrder.Side.BUY ? (type.equals("LIMIT") ? price : d.asks.get(0).price)
        : d.bids.get(0).price;
    SymbolRules r = rules(symbol);
    String broken = r.broken(type.equals("LIMIT") ? price : 0, quantity, reference, valueExempt(o));
    if (broken != null) {
      throw filterFailure(broken, r);
    }
    if (clientOrderId != null && byClientId.containsKey(clientOrderId)) {
      duplicatesRefused++;
      throw VenueError.badRequest(-2010, "Duplicate order sent.");
    }
    checkAffordable(o, reference);
    nextOrderId++;
    orders.put(o.orderId, o);
    byClientId.put(id, o.orderId);
    listener.changed(o, "NEW", null);
    match(o, false, now);
    if (o.open() && (type.equals("MARKET") || timeInForce.equals("IOC"))) {
      o.status = "EXPIRED"; // the book had less than the order: the rest is not kept
      listener.changed(o, "EXPIRED", null);
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

  synchronized VenueOrder cancel(String symbol, Long orderId, String clientOrderId, long now) {
    VenueOrder o = find(symbol, orderId, clientOrderId);
    if (!o.open()) {
      throw VenueError.badRequest(-2011, "Unknown order sent.");
    }
    o.status = "CANCELED";
    o.updateTime = now;
    listener.changed(o, "CANCELED", null);
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

  /**
   * The symbol's trades (oldest first) with a time in [from, to] and an id of at least {@code fromId},
   * at most {@code limit}, each with its order.
   */
  synchronized List<Map.Entry<VenueOrder, VenueOrder.Execution>> trades(String symbol, long from, long to,
      long fromId, int limit) {
    List<Map.Entry<VenueOrder, VenueOrder.Execution>> trades = new ArrayList<>();
    for (VenueOrder o : orders.values()) {
      if (o.symbol.equals(symbol)) {
        for (VenueOrder.Execution e : o.executions) {
          if (e.time() >= from && e.time() <= to && e.id() >= fromId) {
            trades.add(Map.entry(o, e));
          }
        }
      }
    }
    trades.sort(java.util.Comparator.comparingLong(t -> t.getValue().id()));
    return List.copyOf(trades.subList(0, Math.min(limit, trades.size())));
  }

  /** What taking {@code qty} at {@code price} costs in fees (quote asset). */
  long fee(long notional) {
    return Rate.apply(notional, takerFee, RoundingMode.HALF_EVEN);
  }

  /** Takes the order's rest from the opposite side, level by level, never beyond a limit's price. */
  private void match(VenueOrder o, boolean resting, long now) {
    Depth d = books.get(o.symbol);
    boolean buy = o.side == VenueOrder.Side.BUY;
    List<Level> side = new ArrayList<>(buy ? d.asks : d.bids);
    int k = 0;
    while (k < side.size() && o.executed < o.quantity) {
      Level level = side.get(k);
      if (o.type.equals("LIMIT") && (buy ? level.price > o.price : level.price < o.price)) {
        break; // does not cross
      }
      long qty = Math.min(o.quantity - o.executed, level.size);
      if (qty > 0) {
        long notional = Fixed.mul(qty, level.price, RoundingMode.HALF_EVEN);
        long fee = fee(notional);
        long realized = settle(o, level.price, qty, notional, fee);
        o.executed += qty;
        o.quoteExecuted += notional;
        VenueOrder.Execution trade = new VenueOrder.Execution(nextTradeId++, level.price, qty, fee, realized, now,
            resting);
        o.executions.add(trade);
        o.updateTime = now;
        o.status = o.executed == o.quantity ? "FILLED" : "PARTIALLY_FILLED";
        side.set(k, new Level(level.price, level.size - qty));
        listener.changed(o, "TRADE", trade);
      }
      if (side.get(k).size == 0 && side.size() > 1) {
        side.remove(k); // a consumed level leaves the book; the last one stays, empty, until the next book
      } else {
        k++;
      }
    }
    books.put(o.symbol, buy ? new Depth(d.bids, List.copyOf(side)) : new Depth(List.copyOf(side), d.asks));
  }
}
