package io.fundarb.engine.venue;

import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.money.Quantity;

/** An order the venue accepted and has not finished: what was asked and how much is left. */
public record RestingOrder(OrderRequest request, Quantity filled, Quantity remaining) {}
