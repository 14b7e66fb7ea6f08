package io.fundarb.streams.loopback;

import java.util.ArrayList;
import java.util.List;

/** An order as the loopback venue keeps it; prices and quantities Fixed. Guarded by its book's lock. */
final class VenueOrder {
  enum Side { BUY, SELL }

  /**
   * One execution (a trade): the venue's trade id, price, quantity, fee and realized P&amp;L (Fixed),
   * time, and whether the order was resting (the maker).
   */
  record Execution(long id, long price, long quantity, long fee, long realized, long time, boolean maker) {}

  final long orderId;
  final String clientOrderId;
  final String symbol;
  final Side side;
  final String type;
  final String timeInForce;
  final long price;
  final long quantity;
  final boolean reduceOnly;
  final long time;
  long updateTime;
  long executed;
  long quoteExecuted;
  String status = "NEW";
  final List<Execution> executions = new ArrayList<>();

  VenueOrder(long orderId, String clientOrderId, String symbol, Side side, String type, String timeInForce, long price,
      long quantity, boolean reduceOnly, long time) {
    this.orderId = orderId;
    this.clientOrderId = clientOrderId;
    this.symbol = symbol;
    this.side = side;
    this.type = type;
    this.timeInForce = timeInForce;
    this.price = price;
    this.quantity = quantity;
    this.reduceOnly = reduceOnly;
    this.time = time;
    this.updateTime = time;
  }

  boolean open() {
    return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
  }

  long signed(long qty) {
    return side == Side.BUY ? qty : -qty;
  }
}
