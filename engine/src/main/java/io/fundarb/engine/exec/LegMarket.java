package io.fundarb.engine.exec;

/**
 * One leg's market as child orders are sized against it: reference price, recent volume (the
 * liquidity a child may take a share of), and the instrument's lot, tick and minimum order value
 * (all Fixed).
 */
public record LegMarket(long reference, long recentVolume, long lot, long tick, long minNotional) {
  /** The same rules at a fresher {@code reference} and {@code recentVolume}. */
  public LegMarket at(long newReference, long newRecentVolume) {
    return new LegMarket(newReference, newRecentVolume, lot, tick, minNotional);
  }
}
