package io.fundarb.engine.order;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.money.Quantity;

/** The unfilled remainder of an order left the book (user cancel or IOC expiry). */
public record Cancellation(
    long clientOrderId, InstrumentId instrument, long time, Quantity unfilled, String reason) {}
