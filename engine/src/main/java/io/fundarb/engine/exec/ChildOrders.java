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
 * inside the band fills less, and the hedge repair deals with the difference. Pure.
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

  public static List<Child> plan(long quantity, long recentVolume, long reference, long lot, long tick, Settings s) {
    long size = Math.abs(quantity);
    long cap = Math.max(lot, Fixed.floorToStep(Rate.apply(recentVolume, s.maxShare(), RoundingMode.DOWN), lot));
    long offset = Rate.apply(reference, s.band(), RoundingMode.DOWN);
    long limit = quantity > 0 ? Fixed.floorToStep(reference + offset, tick) : Fixed.ceilToStep(reference - offset, tick);
    List<Child> children = new ArrayList<>();
    for (long left = Fixed.floorToStep(size, lot); left > 0; left -= Math.min(cap, left)) {
      long child = Math.min(cap, left);
      children.add(new Child(quantity > 0 ? child : -child, limit));
    }
    return children;
  }
}
