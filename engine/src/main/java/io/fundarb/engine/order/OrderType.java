package io.fundarb.engine.order;

/** Order type. */
public enum OrderType {
  /** Fills at the best available price, taker fee. */
  MARKET,
  /** Fills at the limit price or better; taker if marketable on arrival, maker otherwise. */
  LIMIT
}
