package io.fundarb.engine.exec;

/** Move {@code amount} (Fixed, + adds, - removes) into the isolated margin of {@code perp}. */
public record PlannedTransfer(int perp, long amount) implements PlannedAction {}
