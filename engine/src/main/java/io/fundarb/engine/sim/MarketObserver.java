package io.fundarb.engine.sim;

/**
 * Engine-side consumer of replayed market events (funding history, features), called after the
 * shared {@link io.fundarb.engine.market.MarketState} and the venue have taken the event.
 */
public interface MarketObserver {
  void onBar(int instrument, long time);

  void onFunding(int perp, long time, long rate);

  void onSentiment(long time, int value);
}
