package io.fundarb.engine.account;

import io.fundarb.engine.instrument.LinearPerpetual;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.MulDiv;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;

/**
 * Exact state of one trading account on one venue: quote-currency cash, spot balances (negative
 * when borrowed), isolated-margin perpetual positions, and the attribution of every change to
 * price P&L, fees, funding, borrow interest or liquidation.
 *
 * <p>The same class is the venue's book in the simulator and the engine's mirror of the venue
 * (fed from execution reports), so the two can be reconciled field by field. Positions carry a
 * signed cost basis rather than an average entry price: reducing a position takes a pro-rata
 * share of the cost and closing it takes all of it, so rounding can never leave residue.
 *
 * <p>Invariant (exact, tested): {@code equity = deposits + realised + unrealised + funding - fees
 * - borrowInterest - liquidationFees + insuranceCover}.
 */
public final class Ledger {
  private static final RoundingMode VALUE = RoundingMode.HALF_EVEN;

  private final Universe universe;
  private long cash;
  private long deposits;
  private final long[] quantity;
  private final long[] cost;
  private final long[] margin;
  private final int[] leverage;
  private final long[] realised;
  private final long[] fees;
  private final long[] funding;
  private final long[] slippage;
  private final long[] interest;
  private final long[] traded;
  private long liquidationFees;
  private long insuranceCover;
  private int liquidations;

  public Ledger(Universe universe, long initialCash, int defaultLeverage) {
    this.universe = universe;
    int n = universe.instrumentCount();
    quantity = new long[n];
    cost = new long[n];
    margin = new long[n];
    leverage = new int[n];
    realised = new long[n];
    fees = new long[n];
    funding = new long[n];
    slippage = new long[n];
    interest = new long[n];
    traded = new long[n];
    for (int a = 0; a < universe.assetCount(); a++) {
      setLeverage(Universe.perpIndex(a), defaultLeverage);
    }
    deposit(initialCash);
  }

  public Universe universe() {
    return universe;
  }

  /** Every field of the books as values: what a journal snapshot or another actor's mirror holds. */
  public LedgerSnapshot snapshot() {
    return new LedgerSnapshot(cash, deposits, quantity.clone(), cost.clone(), margin.clone(), leverage.clone(),
        realised.clone(), fees.clone(), funding.clone(), slippage.clone(), interest.clone(), traded.clone(),
        liquidationFees, insuranceCover, liquidations);
  }

  /**
   * Takes in the books of one asset kept on their own (an asset's order actor's two-leg ledger,
   * {@code Universe.single}): its legs become asset {@code asset}'s, its cash flows move this
   * account's cash. An account's mirror rebuilt this way after a restart equals the one that booked
   * every report.
   */
  public void absorb(int asset, LedgerSnapshot own) {
    if (own.quantity().length != 2) {
      throw new IllegalArgumentException("not one asset's books: " + own.quantity().length + " instruments");
    }
    cash = Math.addExact(cash, own.cash() - own.deposits());
    for (int leg = 0; leg < 2; leg++) {
      int i = 2 * asset + leg;
      quantity[i] = own.quantity()[leg];
      cost[i] = own.cost()[leg];
      margin[i] = own.margin()[leg];
      leverage[i] = own.leverage()[leg] == 0 ? leverage[i] : own.leverage()[leg];
      realised[i] = own.realised()[leg];
      fees[i] = own.fees()[leg];
      funding[i] = own.funding()[leg];
      slippage[i] = own.slippage()[leg];
      interest[i] = own.interest()[leg];
      traded[i] = own.traded()[leg];
    }
    liquidationFees = Math.addExact(liquidationFees, own.liquidationFees());
    insuranceCover = Math.addExact(insuranceCover, own.insuranceCover());
    liquidations += own.liquidations();
  }

  /** Makes these books equal to {@code snapshot} (taken from books of the same universe). */
  public void restore(LedgerSnapshot snapshot) {
    if (snapshot.quantity().length != quantity.length) {
      throw new IllegalArgumentException("a snapshot of " + snapshot.quantity().length + " instruments cannot restore "
          + quantity.length);
    }
    cash = snapshot.cash();
    deposits = snapshot.deposits();
    System.arraycopy(snapshot.quantity(), 0, quantity, 0, quantity.length);
    System.arraycopy(snapshot.cost(), 0, cost, 0, cost.length);
    System.arraycopy(snapshot.margin(), 0, margin, 0, margin.length);
    System.arraycopy(snapshot.leverage(), 0, leverage, 0, leverage.length);
    System.arraycopy(snapshot.realised(), 0, realised, 0, realised.length);
    System.arraycopy(snapshot.fees(), 0, fees, 0, fees.length);
    System.arraycopy(snapshot.funding(), 0, funding, 0, funding.length);
    System.arraycopy(snapshot.slippage(), 0, slippage, 0, slippage.length);
    System.arraycopy(snapshot.interest(), 0, interest, 0, interest.length);
    System.arraycopy(snapshot.traded(), 0, traded, 0, traded.length);
    liquidationFees = snapshot.liquidationFees();
    insuranceCover = snapshot.insuranceCover();
    liquidations = snapshot.liquidations();
  }

  public void deposit(long amount) {
    cash = Math.addExact(cash, amount);
    deposits = Math.addExact(deposits, amount);
  }

  public void setLeverage(int perp, int value) {
    LinearPerpetual instrument = universe.perp(perp);
    if (value < 1 || value > instrument.maxLeverage()) {
      throw new IllegalArgumentException(
          instrument.id() + ": leverage " + value + " outside 1.." + instrument.maxLeverage());
    }
    leverage[perp] = value;
  }

  /**
   * Books a trade of {@code signedQty} base units at {@code price}. The caller (a venue) has
   * already checked that it is affordable; see {@link #cashNeeded}.
   */
  public void trade(int i, long signedQty, long price, long fee, long slippageCost) {
    long remaining = signedQty;
    long position = quantity[i];
    if (position != 0 && Long.signum(remaining) == -Long.signum(position)) {
      long closed = Long.signum(position) * Math.min(Math.abs(remaining), Math.abs(position));
      reduce(i, closed, price);
      remaining += closed;
    }
    if (remaining != 0) {
      increase(i, remaining, price);
    }
    cash = Math.subtractExact(cash, fee);
    fees[i] = Math.addExact(fees[i], fee);
    slippage[i] = Math.addExact(slippage[i], slippageCost);
    traded[i] = Math.addExact(traded[i], Math.abs(Fixed.mul(signedQty, price, VALUE)));
  }

  /** Closes {@code closed} (same sign as the position) at {@code price}, realising P&L. */
  private void reduce(int i, long closed, long price) {
    long size = Math.abs(quantity[i]);
    long part = Math.abs(closed);
    long costShare = part == size ? cost[i] : MulDiv.mulDiv(cost[i], part, size, VALUE);
    long value = Fixed.mul(closed, price, VALUE);
    long pnl = value - costShare;
    if (Universe.isPerp(i)) {
      long released = part == size ? margin[i] : MulDiv.mulDiv(margin[i], part, size, VALUE);
      margin[i] -= released;
      cash = Math.addExact(cash, Math.addExact(released, pnl));
    } else {
      cash = Math.addExact(cash, value);
    }
    cost[i] -= costShare;
    quantity[i] -= closed;
    realised[i] = Math.addExact(realised[i], pnl);
  }

  private void increase(int i, long added, long price) {
    long value = Fixed.mul(added, price, VALUE);
    if (Universe.isPerp(i)) {
      long initialMargin = initialMargin(i, value);
      cash = Math.subtractExact(cash, initialMargin);
      margin[i] = Math.addExact(margin[i], initialMargin);
    } else {
      cash = Math.subtractExact(cash, value);
    }
    cost[i] = Math.addExact(cost[i], value);
    quantity[i] = Math.addExact(quantity[i], added);
  }

  private long initialMargin(int perp, long signedValue) {
    return MulDiv.divide(Math.abs(signedValue), leverage[perp], RoundingMode.CEILING);
  }

  /**
   * Cash a trade would consume (positive) or release (negative) excluding the fee: the notional
   * for spot, the initial margin of the increasing part for perps.
   */
  public long cashNeeded(int i, long signedQty, long price) {
    long position = quantity[i];
    long increasing = signedQty;
    if (position != 0 && Long.signum(signedQty) == -Long.signum(position)) {
      increasing = Long.signum(signedQty) * Math.max(0, Math.abs(signedQty) - Math.abs(position));
    }
    if (Universe.isPerp(i)) {
      return increasing == 0 ? 0 : initialMargin(i, Fixed.mul(increasing, price, VALUE));
    }
    return Fixed.mul(signedQty, price, VALUE);
  }

  /** Funding settles into the isolated margin of the position, as venues do in isolated mode. */
  public void applyFunding(int perp, long payment) {
    margin[perp] = Math.addExact(margin[perp], payment);
    funding[perp] = Math.addExact(funding[perp], payment);
  }

  /** Moves cash into (positive) or out of (negative) a position's isolated margin. */
  public void transferMargin(int perp, long amount) {
    cash = Math.subtractExact(cash, amount);
    margin[perp] = Math.addExact(margin[perp], amount);
  }

  public void chargeBorrowInterest(int spot, long amount) {
    cash = Math.subtractExact(cash, amount);
    interest[spot] = Math.addExact(interest[spot], amount);
  }

  /**
   * Forced close of a perp at {@code price}: the position's remaining equity pays the clearance
   * fee, any rest returns to cash, and a shortfall (a gap through the bankruptcy price) is
   * covered by the venue's insurance fund, because an isolated position cannot lose more than
   * its margin. Every unit is recorded.
   */
  public Liquidation liquidate(int perp, long time, long price) {
    long size = quantity[perp];
    long pnl = Fixed.mul(size, price, VALUE) - cost[perp];
    long equityLeft = Math.addExact(margin[perp], pnl);
    long fee =
        Math.max(
            0,
            Math.min(
                equityLeft,
                Rate.apply(
                    Math.abs(Fixed.mul(size, price, VALUE)),
                    universe.perp(perp).liquidationFeeRate(),
                    RoundingMode.CEILING)));
    long returned = equityLeft - fee;
    long cover = 0;
    if (returned < 0) {
      cover = -returned;
      returned = 0;
    }
    Liquidation liquidation =
        new Liquidation(universe.id(perp), time, size, price, margin[perp], pnl, fee, cover, returned);
    realised[perp] = Math.addExact(realised[perp], pnl);
    traded[perp] = Math.addExact(traded[perp], Math.abs(Fixed.mul(size, price, VALUE)));
    liquidationFees = Math.addExact(liquidationFees, fee);
    insuranceCover = Math.addExact(insuranceCover, cover);
    liquidations++;
    cash = Math.addExact(cash, returned);
    margin[perp] = 0;
    cost[perp] = 0;
    quantity[perp] = 0;
    return liquidation;
  }

  /** Applies a liquidation reported by a venue to this mirror ledger. */
  public void applyLiquidation(int perp, Liquidation liquidation) {
    realised[perp] = Math.addExact(realised[perp], liquidation.realisedPnl());
    traded[perp] =
        Math.addExact(traded[perp], Math.abs(Fixed.mul(liquidation.quantity(), liquidation.price(), VALUE)));
    liquidationFees = Math.addExact(liquidationFees, liquidation.fee());
    insuranceCover = Math.addExact(insuranceCover, liquidation.insuranceCover());
    liquidations++;
    cash = Math.addExact(cash, liquidation.returnedToCash());
    margin[perp] = 0;
    cost[perp] = 0;
    quantity[perp] = 0;
  }

  /**
   * Price at which the perp's equity (margin + unrealised) equals its maintenance margin, rounded
   * toward the current price so checks trigger no later than the venue would; 0 when the
   * position is flat or cannot be liquidated (a long whose margin covers its whole cost).
   */
  public long liquidationPrice(int perp) {
    long size = quantity[perp];
    if (size == 0) {
      return 0;
    }
    long mmr = universe.perp(perp).maintenanceMarginRate();
    long numerator = Math.subtractExact(cost[perp], margin[perp]);
    long maintenanceQty = Rate.apply(Math.abs(size), mmr, VALUE);
    long denominator = size - maintenanceQty; // F - m|F| for both sides
    if (size > 0 && numerator <= 0) {
      return 0;
    }
    long price =
        Fixed.div(numerator, denominator, size > 0 ? RoundingMode.CEILING : RoundingMode.FLOOR);
    return Math.max(price, 0);
  }

  /** Mark-to-market value of everything in the account, in quote currency. */
  public long equity(MarketState market) {
    long total = cash;
    for (int i = 0; i < quantity.length; i++) {
      if (Universe.isPerp(i)) {
        total += margin[i];
      }
      if (quantity[i] != 0) {
        total += positionValue(i, market.markPrice(i));
        if (Universe.isPerp(i)) {
          total -= cost[i];
        }
      }
    }
    return total;
  }

  /**
   * Lifetime P&amp;L of one asset's two legs at the market's marks: realised and unrealised trading
   * P&amp;L plus funding, less fees and borrow interest. Risk rules watch it per round trip.
   */
  public long assetPnl(int asset, MarketState market) {
    long total = 0;
    for (int i = Universe.spotIndex(asset); i <= Universe.perpIndex(asset); i++) {
      total += realised[i] + unrealised(i, market.markPrice(i)) + funding[i] - fees[i] - interest[i];
    }
    return total;
  }

  /** Signed value of the position at {@code mark} (its delta in quote currency). */
  public long positionValue(int i, long mark) {
    return Fixed.mul(quantity[i], mark, VALUE);
  }

  public long unrealised(int i, long mark) {
    return quantity[i] == 0 ? 0 : positionValue(i, mark) - cost[i];
  }

  /** Margin balance of an isolated position: margin plus unrealised P&L. */
  public long marginBalance(int perp, long mark) {
    return margin[perp] + unrealised(perp, mark);
  }

  public long maintenanceMargin(int perp, long mark) {
    return Rate.apply(
        Math.abs(positionValue(perp, mark)), universe.perp(perp).maintenanceMarginRate(), RoundingMode.CEILING);
  }

  /** Margin that may be withdrawn now without dropping below the initial margin at {@code mark}. */
  public long removableMargin(int perp, long mark) {
    long initial = initialMargin(perp, positionValue(perp, mark));
    return Math.max(0, Math.min(margin[perp], marginBalance(perp, mark) - initial));
  }

  public long cash() {
    return cash;
  }

  public long deposits() {
    return deposits;
  }

  public long quantity(int i) {
    return quantity[i];
  }

  public long cost(int i) {
    return cost[i];
  }

  public long margin(int i) {
    return margin[i];
  }

  public int leverage(int perp) {
    return leverage[perp];
  }

  public long realised(int i) {
    return realised[i];
  }

  public long fees(int i) {
    return fees[i];
  }

  public long funding(int i) {
    return funding[i];
  }

  public long slippage(int i) {
    return slippage[i];
  }

  public long borrowInterest(int i) {
    return interest[i];
  }

  public long tradedNotional(int i) {
    return traded[i];
  }

  public long liquidationFees() {
    return liquidationFees;
  }

  public long insuranceCover() {
    return insuranceCover;
  }

  public int liquidations() {
    return liquidations;
  }

  public boolean isFlat(int asset) {
    return quantity[Universe.spotIndex(asset)] == 0 && quantity[Universe.perpIndex(asset)] == 0;
  }

  public long totalRealised() {
    return sum(realised);
  }

  public long totalFees() {
    return sum(fees);
  }

  public long totalFunding() {
    return sum(funding);
  }

  public long totalSlippage() {
    return sum(slippage);
  }

  public long totalBorrowInterest() {
    return sum(interest);
  }

  public long totalTradedNotional() {
    return sum(traded);
  }

  /** Sum of unrealised P&L over all positions at current marks. */
  public long totalUnrealised(MarketState market) {
    long total = 0;
    for (int i = 0; i < quantity.length; i++) {
      total = Math.addExact(total, unrealised(i, market.markPrice(i)));
    }
    return total;
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total = Math.addExact(total, v);
    }
    return total;
  }
}
