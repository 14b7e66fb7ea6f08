package io.fundarb.engine.exec;

/**
 * One leg's market as child orders are sized against it: reference price, recent volume (the
 * liquidity a child may take a share of), lot and tick (all Fixed).
 */
public record LegMarket(long reference, long recentVolume, long lot, long tick) {}
