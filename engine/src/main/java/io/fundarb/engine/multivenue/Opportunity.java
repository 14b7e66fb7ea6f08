package io.fundarb.engine.multivenue;

/**
 * One position the portfolio may hold on one asset: long one leg, short a perp, the two legs of
 * equal base quantity so price moves cancel and the short perp's funding (less the long perp's,
 * when the long leg is a perp) remains.
 *
 * @param symbol the asset, e.g. {@code BTCUSDT}
 * @param longLeg spot, or a perp on another venue than the short leg
 * @param shortLeg always a perp
 */
public record Opportunity(Kind kind, String symbol, Leg longLeg, Leg shortLeg) {
  /** The three shapes of carry a portfolio over venues can hold. */
  public enum Kind {
    /** Long spot and short perp on one venue. */
    CARRY,
    /** Short the perp on one venue, long the same asset's perp on another: earns the funding difference. */
    PERP_PERP,
    /** Long spot on one venue, short the perp on another. */
    SPOT_PERP
  }

  /**
   * One leg: venue number {@code venue} in the portfolio, asset number {@code asset} in that
   * venue's instruments, its perp or its spot.
   */
  public record Leg(int venue, String venueName, int asset, boolean perp) {
    String label() {
      return venueName + "-" + (perp ? "perp" : "spot");
    }
  }

  public static Opportunity carry(String symbol, int venue, String venueName, int asset) {
    return new Opportunity(Kind.CARRY, symbol, new Leg(venue, venueName, asset, false),
        new Leg(venue, venueName, asset, true));
  }

  public Opportunity {
    if (!shortLeg.perp()) {
      throw new IllegalArgumentException("the short leg is a perp");
    }
    boolean sameVenue = longLeg.venue() == shortLeg.venue();
    if (sameVenue != (kind == Kind.CARRY) || (kind == Kind.PERP_PERP) != longLeg.perp()) {
      throw new IllegalArgumentException(kind + " cannot have legs " + longLeg + " and " + shortLeg);
    }
  }

  public boolean crossVenue() {
    return kind != Kind.CARRY;
  }

  /** {@code BINANCE:BTCUSDT} for carry; {@code BTCUSDT:long-OKX-perp/short-BYBIT-perp} across venues. */
  public String label() {
    return kind == Kind.CARRY ? shortLeg.venueName() + ":" + symbol
        : symbol + ":long-" + longLeg.label() + "/short-" + shortLeg.label();
  }
}
