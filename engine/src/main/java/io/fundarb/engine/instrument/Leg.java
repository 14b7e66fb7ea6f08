package io.fundarb.engine.instrument;

/** Which leg of a carry pair: the spot market or the USDT-margined perpetual. */
public enum Leg {
  SPOT,
  PERP;

  /** The leg's instrument index for asset {@code asset} of a {@link Universe}. */
  public int index(int asset) {
    return this == SPOT ? Universe.spotIndex(asset) : Universe.perpIndex(asset);
  }

  /** The leg of a universe instrument index. */
  public static Leg of(int instrument) {
    return Universe.isPerp(instrument) ? PERP : SPOT;
  }
}
