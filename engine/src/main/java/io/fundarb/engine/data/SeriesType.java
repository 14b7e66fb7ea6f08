package io.fundarb.engine.data;

/** The kinds of series a data directory can hold. */
public enum SeriesType {
  SPOT_BARS("spot bars"),
  PERP_BARS("perp bars"),
  INVERSE_PERP_BARS("coin-margined perp bars"),
  FUNDING("funding"),
  INVERSE_FUNDING("coin-margined funding"),
  SENTIMENT("fear & greed");

  private final String label;

  SeriesType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isBars() {
    return this == SPOT_BARS || this == PERP_BARS || this == INVERSE_PERP_BARS;
  }
}
