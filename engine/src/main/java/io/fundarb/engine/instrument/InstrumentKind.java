package io.fundarb.engine.instrument;

/** What an instrument is; the suffix is its venue-agnostic name tag. */
public enum InstrumentKind {
  /** A spot pair, e.g. BTC/USDT. */
  SPOT("SPOT"),
  /** A USDT-margined linear perpetual swap. */
  PERP("PERP"),
  /** A coin-margined (inverse) perpetual: imported and reported, not traded by the engine. */
  INVERSE_PERP("PERP-COIN");

  private final String suffix;

  InstrumentKind(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }

  static InstrumentKind ofSuffix(String suffix) {
    for (InstrumentKind kind : values()) {
      if (kind.suffix.equals(suffix)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown instrument kind '" + suffix + "'");
  }
}
