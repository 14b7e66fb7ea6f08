package io.fundarb.engine.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account's portfolio notional cap as reservations: before an asset sends anything that
 * increases its exposure it must hold a reservation for the notional its target commits (Fixed).
 * A reservation grows only into the capacity no other asset holds, never past the asset's own
 * ceiling, and not at all while entries are blocked (kill switch, daily loss); shrinking one always
 * succeeds. Pure: the account actor keeps the value and journals each grant.
 */
public record NotionalReservations(Map<String, Long> held) {
  public static final NotionalReservations NONE = new NotionalReservations(Map.of());

  public NotionalReservations {
    held = Map.copyOf(held);
  }

  /**
   * The notional granted to {@code asset} when it asks for {@code wanted}.
   *
   * @param cap the portfolio's cap (the sum of max notionals times the max-portfolio ratio)
   * @param assetCeiling the most this asset may hold (its max notional times the max-position ratio)
   * @param entriesAllowed false while the kill switch is on or the daily loss budget is spent
   */
  public long grant(String asset, long wanted, long cap, long assetCeiling, boolean entriesAllowed) {
    long mine = held(asset);
    if (wanted <= mine) {
      return Math.max(0, wanted);
    }
    if (!entriesAllowed) {
      return mine;
    }
    long free = cap - (total() - mine);
    return Math.max(mine, Math.min(wanted, Math.min(assetCeiling, free)));
  }

  /** These reservations with {@code asset} holding {@code notional}. */
  public NotionalReservations with(String asset, long notional) {
    Map<String, Long> next = new HashMap<>(held);
    if (notional <= 0) {
      next.remove(asset);
    } else {
      next.put(asset, notional);
    }
    return new NotionalReservations(next);
  }

  public long held(String asset) {
    return held.getOrDefault(asset, 0L);
  }

  public long total() {
    long sum = 0;
    for (long n : held.values()) {
      sum = Math.addExact(sum, n);
    }
    return sum;
  }

  /** Sorted by asset, for views. */
  public Map<String, Long> sorted() {
    return new TreeMap<>(held);
  }
}
