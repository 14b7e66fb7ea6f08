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
  private final MarketState market = new MarketState(2);
  private final VenueRequest.Outbox outbox = new VenueRequest.Outbox();
  private final AssetTrader trader;
  private final long maxNotional;

  /**
   * @param account the account's universe; {@code accountAsset} is the asset's index in it
   * @param leverage the account's default perp leverage
   */
  public AssetBooks(Universe account, int accountAsset, PlannerSettings planner, int leverage, long maxNotional,
      boolean reverseAllowed) {
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

  /** The requests that move the books toward the target now (none while a leg has one in flight). */
  public List<VenueRequest> trade(long cash) {
    trader.trade(cash);
    return outbox.drain();
  }

  /** Cancels of the working orders not yet asked to cancel. */
  public List<VenueRequest> cancelWorking() {
    trader.cancelWorking();
    return outbox.drain();
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

  public boolean flat() {
    return portfolio.ledger().isFlat(0);
  }

  /** Requests sent and not yet finished (orders and transfers). */
  public int inFlight() {
    return portfolio.openOrders().size();
  }

  public LedgerSnapshot snapshot() {
    return portfolio.ledger().snapshot();
  }

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
