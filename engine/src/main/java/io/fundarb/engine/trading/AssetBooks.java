package io.fundarb.engine.trading;

import io.fundarb.engine.account.LedgerSnapshot;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.math.RoundingMode;
import java.util.List;

/**
 * One asset's books, market and order management as its order actor keeps them: the asset's own
 * {@link Portfolio} rebuilt from the venue's reports for its two legs, its two-leg market, and the
 * {@link AssetTrader} that turns a target into requests — the backtester's very planner and ids,
 * with the account's cash passed in. Requests come out as values for the actor to send and journal.
 */
public final class AssetBooks {
  private final Universe asset;
  private final Portfolio portfolio;
  private final MarketState market;
  private final VenueRequest.Outbox outbox = new VenueRequest.Outbox();
  private final AssetTrader trader;
  private final long maxNotional;

  /**
   * @param account the account's universe; {@code accountAsset} is the asset's index in it
   * @param leverage the account's default perp leverage
   */
  public AssetBooks(Universe account, int accountAsset, PlannerSettings planner, int leverage, long maxNotional,
      boolean reverseAllowed) {
    this(account, accountAsset, planner, leverage, maxNotional, reverseAllowed, new MarketState(2));
  }

  /** As above, planning against {@code market} (the asset's two legs), which the caller keeps current. */
  public AssetBooks(Universe account, int accountAsset, PlannerSettings planner, int leverage, long maxNotional,
      boolean reverseAllowed, MarketState market) {
    this.market = market;
    this.asset = account.single(accountAsset);
    this.portfolio = new Portfolio(asset, 0, leverage, TradeJournal.disabled());
    this.maxNotional = maxNotional;
    this.trader = new AssetTrader(asset, 0, accountAsset, portfolio, market, new HedgePlanner(asset, planner), outbox,
        maxNotional, reverseAllowed);
  }

  /** The step's market events (prices the plan reads). */
  public void onMarket(MarketStep step) {
    for (MarketEvent event : step.events()) {
      event.applyTo(market, 0, step.time());
    }
  }

  /** Books a venue report for one of the asset's legs (an order it does not know is booked all the same). */
  public void apply(VenueReport report) {
    report.deliverTo(portfolio);
  }

  /** Whether the report is about one of this asset's legs. */
  public boolean owns(VenueReport report) {
    return asset.indexOf(report.instrument()) >= 0;
  }

  /** Guards {@code target} into the asset's target (NaN keeps it, out of range is clamped). */
  public void setTarget(double target) {
    trader.setTarget(target);
  }

  /** {@code requested} as {@link #setTarget} would take it. */
  public double guarded(double requested) {
    return trader.guarded(requested);
  }

  /** The requests that move the books toward the target now and records them as sent (a backtest's order). */
  public List<VenueRequest> trade(long cash) {
    trader.trade(cash);
    return outbox.drain();
  }

  /**
   * The requests that would move the books toward {@code target} (guarded) now; nothing changes until
   * they are recorded with {@link #sent} (an event-sourced caller journals them first).
   */
  public List<VenueRequest> plan(double target, long cash) {
    return trader.plan(target, cash);
  }

  /**
   * The requests that would move the legs toward explicit quantities now (a portfolio's legs, whose
   * hedge may be on another venue; see {@code HedgePlanner#planLegs}); recorded with {@link #sent}.
   */
  public List<VenueRequest> planLegs(long spotQty, long perpQty, boolean toTarget, long cash) {
    return trader.planLegs(spotQty, perpQty, toTarget, cash);
  }

  /** Cancels of the working orders not yet asked to cancel; recorded with {@link #sent}. */
  public List<VenueRequest> cancels() {
    return trader.cancels();
  }

  /** Records a decision: its target and the requests sent for it. */
  public void sent(double target, List<VenueRequest> requests) {
    trader.setTarget(target);
    trader.sent(requests);
  }

  /** The notional (Fixed) a target commits: |target| of the max notional. */
  public long notional(double target) {
    return Rate.apply(maxNotional, Rate.ofDouble(Math.abs(target)), RoundingMode.UP);
  }

  /** The target a notional allows (same sign as {@code target}, never larger). */
  public double within(double target, long notional) {
    double allowed = Fixed.toDouble(notional) / Fixed.toDouble(maxNotional);
    return Math.abs(target) <= allowed ? target : Math.copySign(allowed, target);
  }

  /** The hedge ratio the books hold now (+ = long spot), at the last spot price. */
  public double hedgeRatio() {
    long price = market.lastPrice(Universe.spotIndex(0));
    return price == 0 ? 0 : Fixed.toDouble(portfolio.ledger().positionValue(Universe.spotIndex(0), price))
        / Fixed.toDouble(maxNotional);
  }

  public double target() {
    return trader.target();
  }

  /** Continues request numbering after {@code sequence} (recovered from a journal). */
  public void resumeAfter(long sequence) {
    trader.resumeAfter(sequence);
  }

  public long sequence() {
    return trader.sequence();
  }

  /** Whether both legs have a price (the books can be planned against). */
  public boolean priced() {
    return market.hasPrice(Universe.spotIndex(0)) && market.hasPrice(Universe.perpIndex(0));
  }

  public boolean flat() {
    return portfolio.ledger().isFlat(0);
  }

  /** Requests sent and not yet finished (orders and transfers). */
  public int inFlight() {
    return portfolio.openOrders().size();
  }

  /** The ledger alone (what the asset's feed mirrors). */
  public LedgerSnapshot ledgerSnapshot() {
    return portfolio.ledger().snapshot();
  }

  /** Books, requests in flight, target and request numbering, as values (a journal snapshot). */
  public Snapshot snapshot() {
    return new Snapshot(portfolio.snapshot(), trader.target(), trader.sequence());
  }

  /** Takes back a {@link #snapshot()}; the market comes back with the next step. */
  public void restore(Snapshot snapshot) {
    portfolio.restore(snapshot.portfolio());
    trader.setTarget(snapshot.target());
    trader.resumeAfter(snapshot.sequence());
  }

  public record Snapshot(Portfolio.Snapshot portfolio, double target, long sequence) {}

  public Portfolio portfolio() {
    return portfolio;
  }

  public MarketState market() {
    return market;
  }

  public Universe universe() {
    return asset;
  }

  public long maxNotional() {
    return maxNotional;
  }
}
