package io.fundarb.engine.backtest;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;

/** Per step and instrument: position (Fixed base units), mark price and isolated margin. */
public final class PositionHistory {
  private final int instruments;
  private long[] quantity;
  private long[] mark;
  private long[] margin;
  private int steps;

  public PositionHistory(int capacity, int instruments) {
    this.instruments = instruments;
    quantity = new long[capacity * instruments];
    mark = new long[capacity * instruments];
    margin = new long[capacity * instruments];
  }

  public void record(Ledger ledger, MarketState market) {
    int base = steps * instruments;
    if (base + instruments > quantity.length) { // a live run: its length is not known in advance
      int grown = Math.max(16 * instruments, 2 * quantity.length);
      quantity = java.util.Arrays.copyOf(quantity, grown);
      mark = java.util.Arrays.copyOf(mark, grown);
      margin = java.util.Arrays.copyOf(margin, grown);
    }
    for (int i = 0; i < instruments; i++) {
      quantity[base + i] = ledger.quantity(i);
      mark[base + i] = market.markPrice(i);
      margin[base + i] = Universe.isPerp(i) ? ledger.margin(i) : 0;
    }
    steps++;
  }

  public int steps() {
    return steps;
  }

  public long quantity(int step, int instrument) {
    return quantity[step * instruments + instrument];
  }

  public long mark(int step, int instrument) {
    return mark[step * instruments + instrument];
  }

  public long margin(int step, int instrument) {
    return margin[step * instruments + instrument];
  }
}
