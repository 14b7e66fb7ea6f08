package io.fundarb.engine.trading;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.exec.PlannedAction;
import io.fundarb.engine.exec.PlannedOrder;
import io.fundarb.engine.exec.PlannedTransfer;
import io.fundarb.engine.exec.RequestIds;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.venue.Venue;
import io.fundarb.engine.venue.VenueRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One asset's order management, the same in the backtester, the RL environment and the asset's
 * order actor: a target hedge ratio is guarded (NaN keeps the last target, out-of-range is
 * clamped, reverse carry needs a venue that lends spot), planned into hedged orders and margin
 * transfers against the books, tracked in the books' open orders and sent to the venue under ids
 * that name the asset ({@link RequestIds}).
 *
 * <p>The books and the market may be the whole account's (backtester: {@code asset} is the
 * asset's index in the account) or the asset's own ({@link Universe#single}: {@code asset} is 0,
 * {@code accountAsset} its index in the account).
 */
public final class AssetTrader {
  private final Universe universe;
  private final int asset;
  private final int accountAsset;
  private final Portfolio portfolio;
  private final MarketState market;
  private final HedgePlanner planner;
  private final Venue venue;
  private final long maxNotional;
  private final boolean reverseAllowed;
  private double target;
  private long sequence;
  private int invalidTargets;
  private int clampedTargets;

  public AssetTrader(Universe universe, int asset, int accountAsset, Portfolio portfolio, MarketState market,
      HedgePlanner planner, Venue venue, long maxNotional, boolean reverseAllowed) {
    this.universe = universe;
    this.asset = asset;
    this.accountAsset = accountAsset;
    this.portfolio = portfolio;
    this.market = market;
    this.planner = planner;
    this.venue = venue;
    this.maxNotional = maxNotional;
    this.reverseAllowed = reverseAllowed;
  }

  /** Guards {@code requested} into the asset's target (see the class comment); nothing is sent. */
  public void setTarget(double requested) {
    if (Double.isNaN(requested)) {
      invalidTargets++;
      return;
    }
    double floor = reverseAllowed ? -1 : 0;
    double clamped = Math.max(floor, Math.min(1, requested));
    if (clamped != requested) {
      clampedTargets++;
    }
    target = clamped;
  }

  /**
   * Plans toward the current target and sends what the plan says (nothing while a leg has a request
   * in flight, or while the books are within every band).
   *
   * @param cash the account's free cash (Fixed), which caps margin top-ups
   * @return the number of requests sent
   */
  public int trade(long cash) {
    return send(plan(target, cash));
  }

  /**
   * Plans toward explicit leg quantities (see {@link HedgePlanner#planLegs}) and sends what the plan
   * says: a portfolio's legs whose hedge is on another venue. The ratio target is not used.
   *
   * @param toTarget every leg goes to its target now (see {@link HedgePlanner#planLegs})
   * @return the number of requests sent
   */
  public int tradeLegs(long spotQty, long perpQty, boolean toTarget, long cash) {
    return send(planLegs(spotQty, perpQty, toTarget, cash));
  }

  /**
   * The requests {@link #tradeLegs} would send, numbered after the last one sent; nothing changes
   * until they are recorded as {@link #sent}.
   */
  public List<VenueRequest> planLegs(long spotQty, long perpQty, boolean toTarget, long cash) {
    return requests(planner.planLegs(asset, spotQty, perpQty, maxNotional, toTarget, portfolio.ledger(),
        portfolio.openOrders(), market, cash));
  }

  private int send(List<VenueRequest> requests) {
    if (requests.isEmpty()) {
      return 0; // most steps: no iterator, nothing allocated (the backtest loop's hot path)
    }
    sent(requests);
    for (int k = 0; k < requests.size(); k++) {
      requests.get(k).sendTo(venue);
    }
    return requests.size();
  }

  /**
   * The requests that move the books toward {@code target} (already guarded), numbered after the
   * last one sent; nothing changes until they are recorded as {@link #sent}.
   */
  public List<VenueRequest> plan(double target, long cash) {
    return requests(planner.plan(asset, Rate.ofDouble(target), maxNotional, portfolio.ledger(),
        portfolio.openOrders(), market, cash));
  }

  private List<VenueRequest> requests(List<PlannedAction> actions) {
    if (actions.isEmpty()) {
      return List.of();
    }
    List<VenueRequest> requests = new ArrayList<>(actions.size());
    long next = sequence;
    for (PlannedAction action : actions) {
      long id = RequestIds.of(accountAsset, ++next);
      if (action instanceof PlannedOrder order) {
        requests.add(new VenueRequest.Submit(OrderRequest.market(id, universe.id(order.instrument()),
            Side.ofSignedQuantity(order.signedQuantity()), new Quantity(Math.abs(order.signedQuantity())),
            order.reduceOnly())));
      } else {
        PlannedTransfer transfer = (PlannedTransfer) action;
        requests.add(new VenueRequest.Transfer(id, universe.id(transfer.perp()), transfer.amount()));
      }
    }
    return requests;
  }

  /** Cancels of the asset's working orders not yet asked to cancel, lowest id first (see {@link #cancelWorking}). */
  public List<VenueRequest> cancels() {
    List<VenueRequest> out = new ArrayList<>(0);
    for (int leg : new int[] {Universe.spotIndex(asset), Universe.perpIndex(asset)}) {
      for (long id : portfolio.openOrders().cancellable(leg)) {
        out.add(new VenueRequest.Cancel(universe.id(leg), id));
      }
    }
    return out;
  }

  /** Records requests as sent: orders and transfers are tracked in flight, cancels marked, ids used up. */
  public void sent(List<VenueRequest> requests) {
    for (VenueRequest request : requests) {
      if (request instanceof VenueRequest.Submit submit) {
        portfolio.track(submit.id(), universe.indexOf(submit.order().instrument()));
        sequence = Math.max(sequence, RequestIds.sequenceOf(submit.id()));
      } else if (request instanceof VenueRequest.Transfer transfer) {
        portfolio.trackTransfer(transfer.id(), universe.indexOf(transfer.perp()));
        sequence = Math.max(sequence, RequestIds.sequenceOf(transfer.id()));
      } else {
        portfolio.openOrders().cancelRequested(request.id());
      }
    }
  }

  /**
   * Requests cancellation of the asset's working orders on both legs (SAFE mode, kill switch,
   * removal): an order sized for an earlier target must not keep adding exposure. The planner
   * places nothing new on a leg until its cancels are answered; then it re-hedges.
   *
   * @return the number of cancels sent (orders already asked to cancel are not asked again)
   */
  public int cancelWorking() {
    List<VenueRequest> cancels = cancels();
    sent(cancels);
    cancels.forEach(c -> c.sendTo(venue));
    return cancels.size();
  }

  /** {@code requested} as the target would take it: NaN keeps the current one, the rest is clamped. */
  public double guarded(double requested) {
    if (Double.isNaN(requested)) {
      return target;
    }
    double floor = reverseAllowed ? -1 : 0;
    return Math.max(floor, Math.min(1, requested));
  }

  /** Continues numbering after {@code sequence} (a recovered order book's last request). */
  public void resumeAfter(long sequence) {
    this.sequence = Math.max(this.sequence, sequence);
  }

  /** The sequence number of the last request sent (0 before the first). */
  public long sequence() {
    return sequence;
  }

  public double target() {
    return target;
  }

  public long maxNotional() {
    return maxNotional;
  }

  public int invalidTargets() {
    return invalidTargets;
  }

  public int clampedTargets() {
    return clampedTargets;
  }
}
