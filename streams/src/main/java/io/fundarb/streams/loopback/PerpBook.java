package io.fundarb.streams.loopback;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.money.Fixed;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The loopback venue's USDT-M perpetuals (one-way position mode) and the futures wallet: a
 * position per symbol with its average entry price, realized P&amp;L and taker fees settled in
 * USDT, per-symbol leverage (Binance's default 20) and margin type (default crossed). An order
 * that would need more initial margin than the wallet has free is refused (-2019); a reduce-only
 * order that would not reduce is refused (-2022). Funding settles into the wallet, recorded as
 * income. Liquidation is not simulated here.
 */
final class PerpBook extends Book {
  static final int DEFAULT_LEVERAGE = 20;

  /** A funding settlement credited to (positive) or debited from the wallet: Binance's FUNDING_FEE income. */
  record Income(long id, String symbol, long time, long amount) {}

  /** A position: signed quantity and average entry price (Fixed). */
  record Position(long quantity, long entry) {
    static final Position FLAT = new Position(0, 0);
  }

  private final Set<String> symbols = new TreeSet<>();
  private final Map<String, Position> positions = new HashMap<>();
  private final Map<String, Integer> leverage = new HashMap<>();
  private final Map<String, Boolean> isolated = new HashMap<>();
  private final List<Income> income = new ArrayList<>();
  private long wallet;

  PerpBook(long takerFeeRate) {
    super(takerFeeRate);
  }

  synchronized void list(String symbol) {
    symbols.add(symbol);
  }

  synchronized Set<String> symbols() {
    return Set.copyOf(symbols);
  }

  synchronized void deposit(long amount) {
    wallet = Math.addExact(wallet, amount);
  }

  synchronized long wallet() {
    return wallet;
  }

  synchronized Position position(String symbol) {
    return positions.getOrDefault(symbol, Position.FLAT);
  }

  synchronized int leverage(String symbol) {
    return leverage.getOrDefault(symbol, DEFAULT_LEVERAGE);
  }

  synchronized boolean isolated(String symbol) {
    return isolated.getOrDefault(symbol, false);
  }

  /**
   * Settles funding at {@code time} for {@code symbol}'s position at {@code markPrice} (longs pay a
   * positive rate to shorts): the wallet takes the payment and it is recorded as income. A flat
   * position settles nothing.
   */
  synchronized void settleFunding(String symbol, long time, long rate, long markPrice) {
    long size = position(symbol).quantity();
    if (size == 0) {
      return;
    }
    long amount = FundingPayment.amount(size, markPrice, rate);
    wallet = Math.addExact(wallet, amount);
    income.add(new Income(income.size() + 1L, symbol, time, amount));
  }

  /** Funding income of {@code symbol} (all symbols when null) with a time in [from, to], oldest first. */
  synchronized List<Income> income(String symbol, long from, long to, int limit) {
    return income.stream().filter(i -> (symbol == null || i.symbol().equals(symbol)) && i.time() >= from
        && i.time() <= to).limit(limit).toList();
  }

  synchronized void setLeverage(String symbol, int value) {
    requireListed(symbol);
    if (value < 1 || value > 125) {
      throw VenueError.badRequest(-4028, "Leverage " + value + " is not valid");
    }
    leverage.put(symbol, value);
  }

  /** Isolated or crossed; refused when it already is (-4046) or while a position is open (-4048). */
  synchronized void setMarginType(String symbol, boolean isolatedMargin) {
    requireListed(symbol);
    if (isolated(symbol) == isolatedMargin) {
      throw VenueError.badRequest(-4046, "No need to change margin type.");
    }
    if (position(symbol).quantity() != 0) {
      throw VenueError.badRequest(-4048, "Margin type cannot be changed if there exists position.");
    }
    isolated.put(symbol, isolatedMargin);
  }

  /** Unrealized P&amp;L of a position at the market's mid. */
  synchronized long unrealized(String symbol) {
    Position p = position(symbol);
    long mid = mid(symbol);
    return p.quantity() == 0 || mid == 0 ? 0 : Fixed.mul(p.quantity(), mid - p.entry(), RoundingMode.HALF_EVEN);
  }

  /** Initial margin a position ties up at the market's mid. */
  synchronized long margin(String symbol) {
    long notional = Fixed.mul(Math.abs(position(symbol).quantity()), mid(symbol), RoundingMode.UP);
    return ceilDiv(notional, leverage(symbol));
  }

  /** Binance USDT-M's codes for the filters it checks. */
  @Override
  VenueError filterFailure(String filter, SymbolRules rules) {
    return switch (filter) {
      case "PRICE_FILTER" -> VenueError.badRequest(-4014, "Price not increased by tick size.");
      case "LOT_SIZE", "MARKET_LOT_SIZE" -> VenueError.badRequest(-4023, "Qty not increased by step size.");
      default -> VenueError.badRequest(-4164, "Order's notional must be no smaller than "
          + Fixed.toString(rules.minNotional()) + " (unless you choose reduce only).");
    };
  }

  @Override
  boolean valueExempt(VenueOrder order) {
    return order.reduceOnly;
  }

  @Override
  boolean listed(String symbol) {
    return symbols.contains(symbol);
  }

  @Override
  void checkAffordable(VenueOrder o, long price) {
    long current = position(o.symbol).quantity();
    long after = current + o.signed(o.quantity);
    if (o.reduceOnly && (current == 0 || Math.abs(after) > Math.abs(current) || Long.signum(after) == -Long.signum(current))) {
      throw VenueError.badRequest(-2022, "ReduceOnly Order is rejected.");
    }
    if (Math.abs(after) <= Math.abs(current)) {
      return; // reducing needs no margin
    }
    long used = 0;
    long unrealized = 0;
    for (String s : symbols) {
      if (!s.equals(o.symbol)) {
        used += margin(s);
      }
      unrealized += unrealized(s);
    }
    long notional = Fixed.mul(Math.abs(after), price, RoundingMode.UP);
    long needed = ceilDiv(notional, leverage(o.symbol)) + fee(Fixed.mul(o.quantity, price, RoundingMode.UP));
    if (needed > wallet + unrealized - used) {
      throw VenueError.badRequest(-2019, "Margin is insufficient.");
    }
  }

  @Override
  long settle(VenueOrder o, long price, long qty, long notional, long fee) {
    Position p = position(o.symbol);
    long signed = o.signed(qty);
    long after = p.quantity() + signed;
    long realized = 0;
    long entry;
    if (p.quantity() == 0 || Long.signum(signed) == Long.signum(p.quantity())) {
      // opening or adding: the entry is the size-weighted average
      long cost = Fixed.mul(Math.abs(p.quantity()), p.entry(), RoundingMode.HALF_EVEN) + notional;
      entry = Fixed.div(cost, Math.abs(after), RoundingMode.HALF_EVEN);
    } else {
      long closed = Math.min(Math.abs(signed), Math.abs(p.quantity()));
      realized = Fixed.mul(Long.signum(p.quantity()) * closed, price - p.entry(), RoundingMode.HALF_EVEN);
      entry = after == 0 ? 0 : Long.signum(after) == Long.signum(p.quantity()) ? p.entry() : price;
    }
    wallet = wallet + realized - fee;
    positions.put(o.symbol, new Position(after, entry));
    return realized;
  }

  private void requireListed(String symbol) {
    if (!listed(symbol)) {
      throw VenueError.badRequest(-1121, "Invalid symbol.");
    }
  }

  private static long ceilDiv(long amount, int by) {
    return Math.floorDiv(amount + by - 1, by);
  }
}
