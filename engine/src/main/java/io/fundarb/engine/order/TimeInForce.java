package io.fundarb.engine.order;

/** How long an order works. */
public enum TimeInForce {
  /** Good till cancelled: the unfilled part keeps working. */
  GTC,
  /** Immediate or cancel: what cannot fill on arrival is cancelled. */
  IOC
}
