package io.fundarb.engine.exec;

/** A market order of {@code signedQuantity} base units (Fixed) on universe instrument {@code instrument}. */
public record PlannedOrder(int instrument, long signedQuantity, boolean reduceOnly) implements PlannedAction {}
