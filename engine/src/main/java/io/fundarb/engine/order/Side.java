package io.fundarb.engine.order;

/** Order side. */
public enum Side {
  BUY,
  SELL;

  /** +1 for BUY, -1 for SELL: multiplies a quantity into a signed position change. */
  public int sign() {
    return this == BUY ? 1 : -1;
  }

  public static Side ofSignedQuantity(long quantity) {
    if (quantity == 0) {
      throw new IllegalArgumentException("zero quantity has no side");
    }
    return quantity > 0 ? BUY : SELL;
  }
}
