package io.fundarb.engine.venue;

import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;

/**
 * Everything a venue reports about an account. Funding is reported with primitives because it
 * arrives for every position at every settlement and must not allocate in replay.
 */
public interface ExecutionListener {
  void onAccepted(long clientOrderId, InstrumentId instrument, long time);

  void onFill(Fill fill);

  void onRejected(Rejection rejection);

  void onCanceled(Cancellation cancellation);

  /** A settlement: {@code payment} (Fixed, positive = received) at {@code rate} and mark price. */
  void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment);

  void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount);

  void onLiquidation(Liquidation liquidation);

  void onBorrowInterest(InstrumentId spot, long time, long amount);
}
