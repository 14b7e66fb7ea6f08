package io.fundarb.engine.venue;

import io.fundarb.engine.order.OrderRequest;

/** An accepted order with quantity left to fill, as the simulated venue tracks it. */
final class WorkingOrder {
  final OrderRequest request;
  final int instrument;
  long remaining;
  long filled;

  WorkingOrder(OrderRequest request, int instrument, long quantity) {
    this.request = request;
    this.instrument = instrument;
    this.remaining = quantity;
  }

  long signed(long quantity) {
    return request.side().sign() * quantity;
  }
}
