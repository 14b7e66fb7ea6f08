package io.fundarb.engine.order;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import java.util.Objects;

/**
 * An order as the engine sends it to a venue. {@code clientOrderId} is chosen by the engine and
 * unique per account: a venue that sees the same id twice treats the second as a duplicate, which
 * is what makes retries safe.
 *
 * @param limitPrice required for LIMIT, null for MARKET
 */
public record OrderRequest(
    long clientOrderId,
    InstrumentId instrument,
    Side side,
    OrderType type,
    Quantity quantity,
    Price limitPrice,
    TimeInForce timeInForce,
    boolean reduceOnly) {
  public OrderRequest {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(timeInForce, "timeInForce");
    if (quantity.raw() <= 0) {
      throw new IllegalArgumentException("order quantity must be positive: " + quantity);
    }
    if ((type == OrderType.LIMIT) != (limitPrice != null)) {
      throw new IllegalArgumentException("a LIMIT order needs a limit price and a MARKET order none");
    }
  }

  public static OrderRequest market(
      long clientOrderId, InstrumentId instrument, Side side, Quantity quantity, boolean reduceOnly) {
    return new OrderRequest(
        clientOrderId, instrument, side, OrderType.MARKET, quantity, null, TimeInForce.GTC, reduceOnly);
  }

  public static OrderRequest limit(
      long clientOrderId,
      InstrumentId instrument,
      Side side,
      Quantity quantity,
      Price limitPrice,
      TimeInForce timeInForce,
      boolean reduceOnly) {
    return new OrderRequest(
        clientOrderId, instrument, side, OrderType.LIMIT, quantity, limitPrice, timeInForce, reduceOnly);
  }

  /** Position change this order makes when fully filled: +qty for BUY, -qty for SELL. */
  public long signedQuantity() {
    return side.sign() * quantity.raw();
  }
}
