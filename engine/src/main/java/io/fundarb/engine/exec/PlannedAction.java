package io.fundarb.engine.exec;

/** One step the planner wants taken: an order on a leg or a margin transfer. */
public sealed interface PlannedAction permits PlannedOrder, PlannedTransfer {}
