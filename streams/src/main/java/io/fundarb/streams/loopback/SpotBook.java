package io.fundarb.streams.loopback;

import io.fundarb.engine.money.Fixed;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/** The loopback venue's spot market and the account's asset balances. */
final class SpotBook extends Book {
  private final Map<String, String[]> assets = new HashMap<>(); // symbol -> {base, quote}
  private final Map<String, Long> balances = new HashMap<>();

  SpotBook(long takerFeeRate) {
    super(takerFeeRate);
  }

  synchronized void list(String symbol, String base, String quote) {
    assets.put(symbol, new String[] {base, quote});
  }

  /** Every listed symbol's {base, quote}, by symbol. */
  synchronized Map<String, String[]> pairs() {
    return new java.util.TreeMap<>(assets);
  }

  synchronized void deposit(String asset, long amount) {
    balances.merge(asset, amount, Math::addExact);
  }

  synchronized long balance(String asset) {
    return balances.getOrDefault(asset, 0L);
  }

  synchronized Map<String, Long> balances() {
    return Map.copyOf(balances);
  }

  /** Binance spot: 400, -1013 "Filter failure: ...". */
  @Override
  VenueError filterFailure(String filter, SymbolRules rules) {
    return VenueError.badRequest(-1013, "Filter failure: " + filter);
  }

  @Override
  boolean valueExempt(VenueOrder order) {
    return false;
  }

  @Override
  boolean listed(String symbol) {
    return assets.containsKey(symbol);
  }

  @Override
  void checkAffordable(VenueOrder o, long price) {
    String[] pair = assets.get(o.symbol);
    boolean enough;
    if (o.side == VenueOrder.Side.SELL) {
      enough = balance(pair[0]) >= o.quantity;
    } else {
      long cost = Fixed.mul(o.quantity, price, RoundingMode.UP);
      enough = balance(pair[1]) >= Math.addExact(cost, fee(cost));
    }
    if (!enough) {
      throw VenueError.badRequest(-2010, "Account has insufficient balance for requested action.");
    }
  }

  @Override
  long settle(VenueOrder o, long price, long qty, long notional, long fee) {
    String[] pair = assets.get(o.symbol);
    if (o.side == VenueOrder.Side.BUY) {
      deposit(pair[1], -(notional + fee));
      deposit(pair[0], qty);
    } else {
      deposit(pair[0], -qty);
      deposit(pair[1], notional - fee);
    }
    return 0;
  }
}
