package io.fundarb.engine.venue;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.OrderRequest;

/**
 * Where orders go. Implemented by the simulated venue (backtest, replay, paper) and by the live
 * connector; the engine cannot tell them apart. Every call is asynchronous: outcomes arrive at
 * the {@link ExecutionListener} the venue was built with.
 */
public interface Venue {
  void submit(OrderRequest order);

  void cancel(InstrumentId instrument, long clientOrderId);

  /**
   * Moves quote currency into (positive) or out of (negative) the isolated margin of a perp
   * position; identified by {@code requestId} like an order.
   */
  void transferMargin(long requestId, InstrumentId perp, long amount);
}
