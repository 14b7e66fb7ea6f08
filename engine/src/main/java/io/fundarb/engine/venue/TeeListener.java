package io.fundarb.engine.venue;

import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;

/** Hands every report to the account's books first, then to a second consumer (a journal). */
public record TeeListener(ExecutionListener first, ExecutionListener second) implements ExecutionListener {
  @Override
  public void onAccepted(long clientOrderId, InstrumentId instrument, long time) {
    first.onAccepted(clientOrderId, instrument, time);
    second.onAccepted(clientOrderId, instrument, time);
  }

  @Override
  public void onFill(Fill fill) {
    first.onFill(fill);
    second.onFill(fill);
  }

  @Override
  public void onRejected(Rejection rejection) {
    first.onRejected(rejection);
    second.onRejected(rejection);
  }

  @Override
  public void onCanceled(Cancellation cancellation) {
    first.onCanceled(cancellation);
    second.onCanceled(cancellation);
  }

  @Override
  public void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment) {
    first.onFunding(perp, time, rate, markPrice, payment);
    second.onFunding(perp, time, rate, markPrice, payment);
  }

  @Override
  public void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount) {
    first.onMarginTransfer(requestId, perp, time, amount);
    second.onMarginTransfer(requestId, perp, time, amount);
  }

  @Override
  public void onLiquidation(Liquidation liquidation) {
    first.onLiquidation(liquidation);
    second.onLiquidation(liquidation);
  }

  @Override
  public void onBorrowInterest(InstrumentId spot, long time, long amount) {
    first.onBorrowInterest(spot, time, amount);
    second.onBorrowInterest(spot, time, amount);
  }
}
