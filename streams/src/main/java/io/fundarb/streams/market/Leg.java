package io.fundarb.streams.market;

/** Which leg of a carry pair a stream belongs to: the spot market or the USDT-margined perpetual. */
public enum Leg {
  SPOT,
  PERP
}
