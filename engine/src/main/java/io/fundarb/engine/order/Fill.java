package io.fundarb.engine.order;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;

/**
 * One execution of (part of) an order.
 *
 * @param fee quote-currency fee charged for this fill (Fixed, non-negative)
 * @param slippage quote-currency cost of trading away from the reference price at the moment the
 *     order arrived (Fixed; part of the price, reported separately for attribution)
 * @param remaining quantity still working after this fill; zero when the order is complete
 */
public record Fill(
    long clientOrderId,
    InstrumentId instrument,
    long time,
    Side side,
    Price price,
    Quantity quantity,
    long fee,
    long slippage,
    Liquidity liquidity,
    Quantity remaining) {

  public long signedQuantity() {
    return side.sign() * quantity.raw();
  }

  public boolean completesOrder() {
    return remaining.isZero();
  }
}
