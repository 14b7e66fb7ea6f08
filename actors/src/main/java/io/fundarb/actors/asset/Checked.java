package io.fundarb.actors.asset;

import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.trading.AssetTick;

/**
 * A step as it travels down an asset's decision chain (feed → strategy → risk → order): the tick
 * the strategy and the risk rules read, and the market events the order actor prices its requests
 * with. {@code dropped} when the feed refused the step (stale, invalid, out of order): it still
 * travels, as a "hold", so the step is answered. {@code arrivedNanos}: when the feed took the step
 * (this JVM's nanoTime), for the tick → intent time.
 */
record Checked(AssetTick tick, MarketStep market, boolean dropped, long arrivedNanos) {}
