package io.fundarb.engine.order;

import io.fundarb.engine.instrument.InstrumentId;

/** A refused order, with a machine-readable reason and a human-readable detail. */
public record Rejection(
    long clientOrderId, InstrumentId instrument, long time, RejectReason reason, String detail) {}
