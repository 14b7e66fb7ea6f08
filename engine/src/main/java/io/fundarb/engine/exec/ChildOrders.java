package io.fundarb.engine.exec;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one leg into child orders that each take no more than a share of recent liquidity,
 * on the instrument's lot step, each a limit IOC order priced at the edge of a slippage band
 * around the reference price (on the tick grid, never beyond the band): a child that cannot fill
 * inside the band fills less, and the hedge repair deals with the difference. No child is worth
 * less than the instrument's minimum order value at its limit, since the venue would refuse it
 * (Binance's NOTIONAL / MIN_NOTIONAL filters): the cap is at least that size, and a remainder below
 * it joins the child before it. Pure.
 */
public final class ChildOrders {
  /** A child order: signed quantity (+ buy) and its limit price (Fixed). */
  public record Child(long quantity, long limitPrice) {}

  /**
   * @param maxShare largest child as a share of {@code recentVolume} (Rate); at least one lot
   * @param band largest accepted slippage from {@code reference} (Rate)
   */
  public record Settings(long maxShare, long band) {
    public Settings {
      if (maxShare <= 0 || band < 0) {
        throw new IllegalArgumentException("max share must be positive and the band non-negative");
      }
    }
  }

  private ChildOrders() {}

  public static List<Child> plan(long quantity, LegMarket m, Settings s) {
    long lot = m.lot();
    long offset = Rate.apply(m.reference(), s.band(), RoundingMode.DOWN);
    long limit = quantity > 0 ? Fixed.floorToStep(m.reference() + offset, m.tick())
        : Fixed.ceilToStep(m.reference() - offset, m.tick());
    long smallest = limit <= 0 ? lot : Math.max(lot, Fixed.ceilToStep(Fixed.div(m.minNotional(), limit,
        RoundingMode.UP), lot));
    long cap = Math.max(smallest, Fixed.floorToStep(Rate.apply(m.recentVolume(), s.maxShare(), RoundingMode.DOWN),
        lot));
    List<Long> sizes = new ArrayList<>();
    for (long left = Fixed.floorToStep(Math.abs(quantity), lot); left > 0; left -= Math.min(cap, left)) {
      long child = Math.min(cap, left);
      if (child < smallest && !sizes.isEmpty()) {
        sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + child);
      } else {
        sizes.add(child);
      }
    }
    List<Child> children = new ArrayList<>(sizes.size());
    sizes.forEach(child -> children.add(new Child(quantity > 0 ? child : -child, limit)));
    return children;
  }
}
