package io.fundarb.engine.trading;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.strategy.AssetView;

/** The engine's view of one asset over any books and market (an account's mirror, for operators). */
public final class AssetViews {
  private AssetViews() {}

  /** Asset {@code asset} of {@code universe}, read in place from {@code ledger} and {@code market}. */
  public static AssetView of(Universe universe, int asset, MarketState market, Ledger ledger, long maxNotional) {
    return new AssetContext(asset, universe, market, ledger, () -> Long.MIN_VALUE, maxNotional, 0);
  }
}
