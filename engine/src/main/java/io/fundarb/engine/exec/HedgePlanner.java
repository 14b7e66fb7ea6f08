package io.fundarb.engine.exec;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.account.OpenOrders;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.Instrument;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.MulDiv;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a target hedge ratio into the orders and margin transfers that reach it: both legs sized
 * to the same base quantity on a lot both can trade ({@code target * maxNotional / spot price}),
 * left alone while within the rebalance band, and the perp's isolated margin kept between the
 * top-up and release bands so a rising market cannot walk the short into liquidation.
 *
 * <p>Pure: reads the books and the market, returns actions; a leg with a request still in
 * flight is left untouched until it completes. Cash-releasing actions come first (margin
 * release, sells, reducing perp trades) so the buys and top-ups that follow can use the cash.
 */
public final class HedgePlanner {
  /** Relative and absolute slack that dwarf double rounding, for the quiet-step screen. */
  private static final double SCREEN_RELATIVE = 1e-9;
  private static final double SCREEN_ABSOLUTE = 4;

  private final Universe universe;
  private final PlannerSettings settings;
  private final long[] hedgeLot;
  private final double screenBand;
  private final double screenTolerance;
  private final double screenTopUp;
  private final double screenRelease;

  public HedgePlanner(Universe universe, PlannerSettings settings) {
    this.universe = universe;
    this.settings = settings;
    this.screenBand = Rate.toDouble(settings.rebalanceBand()) * (1 - SCREEN_RELATIVE);
    this.screenTolerance = Rate.toDouble(settings.deltaTolerance()) * (1 - SCREEN_RELATIVE);
    this.screenTopUp = Rate.toDouble(settings.topUpBelow()) + SCREEN_RELATIVE;
    this.screenRelease = Rate.toDouble(settings.releaseAbove()) - SCREEN_RELATIVE;
    this.hedgeLot = new long[universe.assetCount()];
    for (int a = 0; a < hedgeLot.length; a++) {
      hedgeLot[a] = universe.pair(a).hedgeLot();
    }
  }

  public PlannerSettings settings() {
    return settings;
  }

  /**
   * @param targetRatio target hedge ratio (Rate, in [-1, 1]); + is long spot / short perp
   * @param maxNotional value of each leg at ratio 1 (Fixed, quote currency)
   * @param cash the account's free cash (Fixed): a margin top-up never asks for more (the books
   *     may be the asset's own, whose cash is not the account's)
   */
  public List<PlannedAction> plan(int asset, long targetRatio, long maxNotional, Ledger ledger, OpenOrders open,
      MarketState market, long cash) {
    int s = Universe.spotIndex(asset);
    int p = Universe.perpIndex(asset);
    if (open.hasPending(s) || open.hasPending(p) || !market.hasPrice(s) || !market.hasPrice(p)) {
      return List.of();
    }
    if (certainlyQuiet(asset, targetRatio, maxNotional, ledger, market, market.lastPrice(s))) {
      return List.of();
    }
    return planExactly(asset, targetRatio, maxNotional, ledger, market, cash);
  }

  /**
   * Plans toward explicit leg quantities instead of a ratio: a portfolio over several venues holds
   * legs whose hedge sits on another venue (a perp against another venue's perp or spot), so one
   * venue's spot and perp need not cancel and only the portfolio can tell whether the asset is
   * hedged. A leg is resized when it is off its target by more than the rebalance band (a share of
   * {@code maxNotional}, as in {@link #plan}), changes side or goes to zero, or at once when
   * {@code toTarget}.
   *
   * @param spotTarget signed base quantity of the spot leg, on the pair's hedge lot
   * @param perpTarget signed base quantity of the perp leg (negative: short), on the hedge lot
   * @param toTarget every leg goes to its target now, whatever the bands: the caller knows the
   *     hedge is off over the portfolio's venues, or needs the cash. A carry here
   *     ({@code spotTarget == -perpTarget}) is also re-hedged when its own two legs do not cancel,
   *     as {@link #plan} does.
   */
  public List<PlannedAction> planLegs(int asset, long spotTarget, long perpTarget, long maxNotional,
      boolean toTarget, Ledger ledger, OpenOrders open, MarketState market, long cash) {
    int s = Universe.spotIndex(asset);
    int p = Universe.perpIndex(asset);
    if (open.hasPending(s) || open.hasPending(p) || !market.hasPrice(s) || !market.hasPrice(p)) {
      return List.of();
    }
    boolean unhedged = toTarget
        || spotTarget == -perpTarget && legsOff(asset, maxNotional, ledger, market.lastPrice(s));
    if (!unhedged && legsCertainlyQuiet(asset, spotTarget, perpTarget, maxNotional, ledger, market)) {
      return List.of();
    }
    return planLegsExactly(asset, spotTarget, perpTarget, maxNotional, unhedged, ledger, market, cash);
  }

  /**
   * {@link #certainlyQuiet}'s screen for explicit legs (the caller has judged the hedge): true only
   * when each leg sits on its target's side, misses the rebalance band by far more than double
   * rounding could blur, and the perp's margin is well inside its bands.
   */
  boolean legsCertainlyQuiet(int asset, long spotTarget, long perpTarget, long maxNotional, Ledger ledger,
      MarketState market) {
    int s = Universe.spotIndex(asset);
    int p = Universe.perpIndex(asset);
    long spotQty = ledger.quantity(s);
    long perpQty = ledger.quantity(p);
    if (Long.signum(spotQty) != Long.signum(spotTarget) || Long.signum(perpQty) != Long.signum(perpTarget)) {
      return false;
    }
    double price = market.lastPrice(s) / (double) Fixed.ONE;
    double slack = hedgeLot[asset] + SCREEN_ABSOLUTE;
    double band = screenBand * maxNotional - SCREEN_ABSOLUTE;
    if ((Math.abs(spotTarget - spotQty) + slack) * price >= band
        || (Math.abs(perpTarget - perpQty) + slack) * price >= band) {
      return false;
    }
    return perpQty == 0 || marginCertainlyInBands(p, perpQty, ledger, market);
  }

  private boolean marginCertainlyInBands(int p, long perpQty, Ledger ledger, MarketState market) {
    double mark = market.markPrice(p) / (double) Fixed.ONE;
    double balance = ledger.margin(p) + perpQty * mark - ledger.cost(p);
    double required = Math.abs(perpQty) * mark / ledger.leverage(p);
    return balance > screenTopUp * required + SCREEN_ABSOLUTE && balance < screenRelease * required - SCREEN_ABSOLUTE;
  }

  /** The exact plan, without the quiet-step screen (which tests hold against it). */
  List<PlannedAction> planExactly(int asset, long targetRatio, long maxNotional, Ledger ledger, MarketState market,
      long cash) {
    long price = market.lastPrice(Universe.spotIndex(asset));
    long target = Fixed.truncateToStep(
        Fixed.div(Rate.apply(maxNotional, targetRatio, RoundingMode.DOWN), price, RoundingMode.DOWN), hedgeLot[asset]);
    return planLegsExactly(asset, target, -target, maxNotional, legsOff(asset, maxNotional, ledger, price), ledger,
        market, cash);
  }

  /** The asset's two legs here do not cancel: their net delta exceeds the delta tolerance. */
  private boolean legsOff(int asset, long maxNotional, Ledger ledger, long price) {
    long net = ledger.quantity(Universe.spotIndex(asset)) + ledger.quantity(Universe.perpIndex(asset));
    return net != 0 // the usual answer, asked every step of a portfolio: no products needed
        && Math.abs(Fixed.mul(net, price, RoundingMode.HALF_EVEN))
        > Rate.apply(maxNotional, settings.deltaTolerance(), RoundingMode.DOWN);
  }

  List<PlannedAction> planLegsExactly(int asset, long spotTarget, long perpTarget, long maxNotional,
      boolean unhedged, Ledger ledger, MarketState market, long cash) {
    int s = Universe.spotIndex(asset);
    int p = Universe.perpIndex(asset);
    long price = market.lastPrice(s);
    CarryPair pair = universe.pair(asset);
    long spotQty = ledger.quantity(s);
    long perpQty = ledger.quantity(p);
    long band = Rate.apply(maxNotional, settings.rebalanceBand(), RoundingMode.DOWN);

    boolean wantSpot = shouldTrade(spotTarget - spotQty, spotTarget, spotQty, price, band, unhedged);
    boolean wantPerp = shouldTrade(perpTarget - perpQty, perpTarget, perpQty, price, band, unhedged);
    boolean carry = spotTarget == -perpTarget;
    if (carry && unhedged) {
      // Re-hedge by moving the leg that is off, not both: a leg resting inside its band stays, and
      // the other is sized to it below (moving both to the target would trade the resting leg for
      // nothing and, on a live venue, send a hedge whose two legs are not each other's mirror).
      boolean spotRests = rests(spotTarget, spotQty, price, band);
      boolean perpRests = rests(perpTarget, perpQty, price, band);
      if (spotRests && !perpRests) {
        wantSpot = false;
      } else if (perpRests && !spotRests) {
        wantPerp = false;
      }
    }
    PlannedOrder spotOrder = wantSpot ? legOrder(pair.spot(), s, spotTarget - spotQty, spotQty, price) : null;
    PlannedOrder perpOrder = wantPerp ? legOrder(pair.perp(), p, perpTarget - perpQty, perpQty, price) : null;
    if (!unhedged && (wantSpot && spotOrder == null || wantPerp && perpOrder == null)) {
      // One leg cannot trade (below its minimum): moving only the other would unhedge the book.
      spotOrder = null;
      perpOrder = null;
    }
    if (carry) {
      // A carry leg that trades alone hedges what the other leg holds, not the target: the other
      // rests inside its band (or cannot move by so little), and sizing to the target would leave
      // that difference unhedged for good, under the delta tolerance (e.g. a hedge completed after
      // a restart, when the first leg filled at an earlier price).
      if (perpOrder != null && spotOrder == null && Long.signum(spotQty) == Long.signum(spotTarget)) {
        perpOrder = legOrder(pair.perp(), p, -spotQty - perpQty, perpQty, price);
      } else if (spotOrder != null && perpOrder == null && Long.signum(perpQty) == Long.signum(perpTarget)) {
        spotOrder = legOrder(pair.spot(), s, -perpQty - spotQty, spotQty, price);
      }
    }
    PlannedTransfer margin = marginTransfer(p, perpQty, perpOrder, ledger, market, spotOrder, price, cash);
    if (spotOrder == null && perpOrder == null && margin == null) {
      return List.of();
    }
    List<PlannedAction> actions = new ArrayList<>(3);
    if (margin != null && margin.amount() < 0) {
      actions.add(margin);
    }
    addOrders(actions, spotOrder, perpOrder);
    if (margin != null && margin.amount() > 0) {
      actions.add(margin);
    }
    return actions;
  }

  /**
   * A cheap screen run before the exact plan: true only when both legs sit on the target's side
   * and every band (resize, net delta, margin top-up and release) is missed by far more than
   * double rounding could blur, so the exact plan would certainly return nothing. Anywhere near
   * a band it returns false and the exact arithmetic decides; it never changes a decision, it
   * only spares the quiet steps (nearly all of them) a dozen exact products.
   */
  boolean certainlyQuiet(int asset, long targetRatio, long maxNotional, Ledger ledger, MarketState market,
      long spotPrice) {
    int s = Universe.spotIndex(asset);
    int p = Universe.perpIndex(asset);
    long spotQty = ledger.quantity(s);
    long perpQty = ledger.quantity(p);
    if (targetRatio == 0) {
      return spotQty == 0 && perpQty == 0;
    }
    if (Long.signum(spotQty) != Long.signum(targetRatio) || Long.signum(perpQty) != -Long.signum(targetRatio)) {
      return false;
    }
    double price = spotPrice / (double) Fixed.ONE;
    double notional = maxNotional;
    double ideal = targetRatio / (double) Rate.ONE * notional / price; // raw base units
    double slack = hedgeLot[asset] + SCREEN_ABSOLUTE;
    double band = screenBand * notional - SCREEN_ABSOLUTE;
    if ((Math.abs(ideal - spotQty) + slack) * price >= band || (Math.abs(-ideal - perpQty) + slack) * price >= band) {
      return false;
    }
    double tolerance = screenTolerance * notional - SCREEN_ABSOLUTE;
    if ((Math.abs(spotQty + perpQty) + SCREEN_ABSOLUTE) * price >= tolerance) {
      return false;
    }
    return marginCertainlyInBands(p, perpQty, ledger, market);
  }

  /** A leg on its target's side and inside the rebalance band of it. */
  private static boolean rests(long legTarget, long current, long price, long band) {
    return current != 0 && Long.signum(legTarget) == Long.signum(current)
        && Math.abs(Fixed.mul(legTarget - current, price, RoundingMode.HALF_EVEN)) < band;
  }

  private static boolean shouldTrade(long delta, long legTarget, long current, long price, long band, boolean unhedged) {
    if (delta == 0) {
      return false;
    }
    return legTarget == 0
        || Long.signum(legTarget) != Long.signum(current)
        || unhedged
        || Math.abs(Fixed.mul(delta, price, RoundingMode.HALF_EVEN)) >= band;
  }

  private static PlannedOrder legOrder(Instrument instrument, int index, long delta, long current, long price) {
    long quantity = Fixed.truncateToStep(delta, instrument.lotSize());
    if (quantity == 0) {
      return null;
    }
    // Reduce-only exists on derivatives venues only; it also exempts the order from the minimum.
    boolean reduceOnly = Universe.isPerp(index) && current != 0
        && Long.signum(quantity) == -Long.signum(current) && Math.abs(quantity) <= Math.abs(current);
    if (!reduceOnly
        && Math.abs(Fixed.mul(quantity, price, RoundingMode.HALF_EVEN)) < instrument.minNotional()) {
      return null;
    }
    return new PlannedOrder(index, quantity, reduceOnly);
  }

  /** Sells and position-reducing trades first: they free the cash the others need. */
  private static void addOrders(List<PlannedAction> actions, PlannedOrder spot, PlannedOrder perp) {
    boolean spotFreesCash = spot != null && spot.signedQuantity() < 0;
    // A perp trade frees margin when it shrinks the position.
    boolean perpFreesCash = perp != null && perp.reduceOnly();
    if (spot != null && spotFreesCash) {
      actions.add(spot);
    }
    if (perp != null && perpFreesCash) {
      actions.add(perp);
    }
    if (spot != null && !spotFreesCash) {
      actions.add(spot);
    }
    if (perp != null && !perpFreesCash) {
      actions.add(perp);
    }
  }

  /**
   * Margin adjustment for the part of the current perp position that the planned order keeps;
   * a newly added part brings its own initial margin when it fills. When the legs are being
   * resized anyway, the retained margin is squared to exactly its requirement, which is what
   * makes rebalancing self-financing (a falling market's perp gains pay for the extra spot);
   * otherwise it is only corrected when it leaves the top-up/release bands.
   */
  private PlannedTransfer marginTransfer(
      int p, long perpQty, PlannedOrder perpOrder, Ledger ledger, MarketState market, PlannedOrder spotOrder,
      long spotPrice, long cash) {
    if (perpQty == 0) {
      return null;
    }
    long size = Math.abs(perpQty);
    long retained = size;
    if (perpOrder != null) {
      long after = perpQty + perpOrder.signedQuantity();
      retained = Long.signum(after) == Long.signum(perpQty) ? Math.min(size, Math.abs(after)) : 0;
    }
    if (retained == 0) {
      return null;
    }
    long mark = market.markPrice(p);
    long balance = MulDiv.mulDiv(ledger.marginBalance(p, mark), retained, size, RoundingMode.DOWN);
    long required = MulDiv.divide(Fixed.mul(retained, mark, RoundingMode.HALF_EVEN), ledger.leverage(p), RoundingMode.CEILING);
    boolean resizing = perpOrder != null || spotOrder != null;
    long amount;
    if (resizing) {
      amount = required - balance;
      if (Math.abs(amount) < required / 100) {
        return null;
      }
    } else if (balance < Rate.apply(required, settings.topUpBelow(), RoundingMode.DOWN)) {
      amount = required - balance;
    } else if (balance > Rate.apply(required, settings.releaseAbove(), RoundingMode.UP)) {
      amount = required - balance;
    } else {
      return null;
    }
    if (amount > 0) {
      long proceeds = spotOrder != null && spotOrder.signedQuantity() < 0
          ? Fixed.mul(-spotOrder.signedQuantity(), spotPrice, RoundingMode.DOWN) : 0;
      amount = Math.min(amount, Math.max(0, cash + proceeds));
    } else {
      long removable = MulDiv.mulDiv(ledger.removableMargin(p, mark), retained, size, RoundingMode.DOWN);
      amount = -Math.min(-amount, removable);
    }
    return amount != 0 ? new PlannedTransfer(p, amount) : null;
  }
}
