package io.fundarb.engine.multivenue;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every venue of a portfolio should hold, leg by leg, this step: the sum over the
 * opportunities of their long and short legs on each venue's spot and perp of each asset; and
 * the sending of each venue's plans toward it, with the hedge judged where it is: a carry on its
 * own venue, a leg hedged on another venue over all venues.
 */
final class LegTargets implements PlannedLegs {
  private final List<VenueSleeve> sleeves;
  private final long tolerance;
  private final long[][] spotTarget;
  private final long[][] perpTarget;
  private final int[][] symbolOf;
  // Scratch, kept to spare the replay loop an allocation per step.
  private final boolean[] unhedged;
  private final long[] net;
  private final long[] price;
  private final boolean[][] grows;
  // This step's legs in the order they trade.
  private final int[] venueAt;
  private final int[] assetAt;
  private final boolean[] toTarget;
  private int size;

  /** @param tolerance the planner's delta tolerance (Fixed, quote currency) */
  LegTargets(List<VenueSleeve> sleeves, long tolerance) {
    this.sleeves = sleeves;
    this.tolerance = tolerance;
    int venues = sleeves.size();
    this.spotTarget = new long[venues][];
    this.perpTarget = new long[venues][];
    this.symbolOf = new int[venues][];
    this.grows = new boolean[venues][];
    Map<String, Integer> symbols = new LinkedHashMap<>();
    for (int v = 0; v < venues; v++) {
      Universe universe = sleeves.get(v).market().universe();
      spotTarget[v] = new long[universe.assetCount()];
      perpTarget[v] = new long[universe.assetCount()];
      grows[v] = new boolean[universe.assetCount()];
      symbolOf[v] = new int[universe.assetCount()];
      for (int a = 0; a < symbolOf[v].length; a++) {
        symbolOf[v][a] = symbols.computeIfAbsent(universe.pair(a).asset().symbol(), k -> symbols.size());
      }
    }
    int legs = 0;
    for (int v = 0; v < venues; v++) {
      legs += spotTarget[v].length;
    }
    this.venueAt = new int[legs];
    this.assetAt = new int[legs];
    this.toTarget = new boolean[legs];
    this.unhedged = new boolean[symbols.size()];
    this.net = new long[symbols.size()];
    this.price = new long[symbols.size()];
  }

  /** Every target back to flat, before this step's opportunities are added. */
  void clear() {
    for (int v = 0; v < spotTarget.length; v++) {
      Arrays.fill(spotTarget[v], 0);
      Arrays.fill(perpTarget[v], 0);
    }
  }

  /**
   * Adds an opportunity's legs at {@code notional} (Fixed, as a double): one base quantity, on
   * {@code lot}, long on one leg and short on the perp.
   */
  void add(Opportunity op, long lot, double notional) {
    Opportunity.Leg longLeg = op.longLeg();
    var market = sleeves.get(longLeg.venue()).exchange().market();
    int instrument = longLeg.perp() ? Universe.perpIndex(longLeg.asset()) : Universe.spotIndex(longLeg.asset());
    if (!market.hasPrice(instrument)) {
      return;
    }
    long quantity = Fixed.truncateToStep(Fixed.div((long) notional, market.lastPrice(instrument), RoundingMode.DOWN),
        lot);
    if (longLeg.perp()) {
      perpTarget[longLeg.venue()][longLeg.asset()] += quantity;
    } else {
      spotTarget[longLeg.venue()][longLeg.asset()] += quantity;
    }
    perpTarget[op.shortLeg().venue()][op.shortLeg().asset()] -= quantity;
  }

  /** Plans every venue's legs toward its targets and trades them on each venue's own trader. */
  void send() {
    plan();
    for (int k = 0; k < size; k++) {
      sleeves.get(venueAt[k]).trader().setLegs(assetAt[k], spot(k), perp(k), toTarget[k]);
    }
  }

  /** Orders this step's legs: venue by venue, each venue's shrinking assets first (see {@link #order}). */
  void plan() {
    checkHedges();
    size = 0;
    for (int v = 0; v < sleeves.size(); v++) {
      order(v);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int venue(int k) {
    return venueAt[k];
  }

  @Override
  public int asset(int k) {
    return assetAt[k];
  }

  @Override
  public long spot(int k) {
    return spotTarget[venueAt[k]][assetAt[k]];
  }

  @Override
  public long perp(int k) {
    return perpTarget[venueAt[k]][assetAt[k]];
  }

  @Override
  public boolean toTarget(int k) {
    return toTarget[k];
  }

  /**
   * Which assets' legs, summed over every venue, do not cancel within the planner's delta
   * tolerance (a leg filled on one venue while its hedge on another is still on its way, or was
   * refused): those legs all go to their targets now instead of waiting for the rebalance band.
   */
  private void checkHedges() {
    Arrays.fill(net, 0);
    for (int v = 0; v < sleeves.size(); v++) {
      var ledger = sleeves.get(v).exchange().portfolio().ledger();
      var market = sleeves.get(v).exchange().market();
      for (int a = 0; a < symbolOf[v].length; a++) {
        net[symbolOf[v][a]] += ledger.quantity(Universe.spotIndex(a)) + ledger.quantity(Universe.perpIndex(a));
        if (market.hasPrice(Universe.spotIndex(a))) {
          price[symbolOf[v][a]] = market.lastPrice(Universe.spotIndex(a));
        }
      }
    }
    for (int k = 0; k < unhedged.length; k++) {
      unhedged[k] = Math.abs(Fixed.mul(net[k], price[k], RoundingMode.HALF_EVEN)) > tolerance;
    }
  }

  /**
   * Orders venue {@code v}'s legs, the assets that shrink first: the venue handles requests in the
   * order they arrive, so the cash a shrinking asset frees is there when a growing one's orders are
   * handled. When the growing legs need more than the venue's free cash, the shrinking assets go
   * to their targets exactly (and square their margin) instead of resting inside their bands.
   */
  private void order(int v) {
    VenueSleeve sleeve = sleeves.get(v);
    Ledger ledger = sleeve.exchange().portfolio().ledger();
    var market = sleeve.exchange().market();
    int assets = spotTarget[v].length;
    double growthCost = 0;
    boolean[] grows = this.grows[v];
    for (int a = 0; a < assets; a++) {
      int s = Universe.spotIndex(a);
      int p = Universe.perpIndex(a);
      double spotGrowth = Math.max(0, Math.abs(spotTarget[v][a]) - Math.abs(ledger.quantity(s)));
      double perpGrowth = Math.max(0, Math.abs(perpTarget[v][a]) - Math.abs(ledger.quantity(p)));
      grows[a] = Math.abs(spotTarget[v][a]) + Math.abs(perpTarget[v][a])
          > Math.abs(ledger.quantity(s)) + Math.abs(ledger.quantity(p));
      if (grows[a]) {
        growthCost += spotGrowth * market.lastPrice(s) / Fixed.ONE
            + perpGrowth * market.lastPrice(p) / Fixed.ONE / ledger.leverage(p);
      }
    }
    boolean tight = growthCost > ledger.cash();
    for (int pass = 0; pass < 2; pass++) {
      for (int a = 0; a < assets; a++) {
        if (grows[a] == (pass == 1)) {
          // A carry on this venue is judged on its own legs by the planner, not over all venues.
          boolean hedgedElsewhere = spotTarget[v][a] != -perpTarget[v][a];
          venueAt[size] = v;
          assetAt[size] = a;
          toTarget[size] = hedgedElsewhere && unhedged[symbolOf[v][a]] || tight && !grows[a];
          size++;
        }
      }
    }
  }
}
