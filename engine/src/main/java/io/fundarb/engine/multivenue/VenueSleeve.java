package io.fundarb.engine.multivenue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.exec.HedgePlanner;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.trading.CarryTrader;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.List;

/**
 * One venue's account inside a portfolio: the venue's simulated exchange (its books, fees, funding
 * schedule and instrument rules) and the account's decision pipeline, whose per-asset targets the
 * portfolio sets. Cash moved in or out changes the venue's books and the engine's mirror alike, as
 * a withdrawal or deposit the venue confirms.
 */
final class VenueSleeve implements VenueTransfers.CashAccount {
  private final VenueMarket market;
  private final SimulatedExchange exchange;
  private final CarryTrader trader;
  private final long[] fundingIntervalMs;
  private long valued;
  private long moved;

  /**
   * @param reports where the venue's execution reports go besides the account's mirror, or null;
   *     given (a node's order actors trade the legs), each asset's market step is cut out too
   */
  VenueSleeve(VenueMarket market, BacktestConfig config, long maxNotional, VenueReport.Collector reports) {
    this.market = market;
    Universe universe = market.universe();
    MarketTape tape = market.tape();
    this.exchange = new SimulatedExchange(tape, market.name(), universe, config, reports);
    if (reports != null) {
      exchange.cutAssetSteps();
    }
    this.trader = new CarryTrader(universe, exchange.market(), exchange.portfolio(), exchange.venue(),
        new HedgePlanner(universe, config.planner()), maxNotional, new Strategy[universe.assetCount()],
        config.roundTripCost(), config.venue().spotBorrow(), exchange.clock());
    trader.tradeFrom(config.tradeFrom());
    exchange.observe(trader);
    this.fundingIntervalMs = new long[universe.assetCount()];
    for (int a = 0; a < fundingIntervalMs.length; a++) {
      fundingIntervalMs[a] = tape.funding(Universe.perpIndex(a)).typicalIntervalMs();
    }
  }

  @Override
  public long freeCash() {
    return exchange.portfolio().ledger().cash();
  }

  @Override
  public void move(long signedAmount) {
    moved += signedAmount;
    exchange.venue().ledger().deposit(signedAmount);
    exchange.portfolio().ledger().deposit(signedAmount);
  }

  /** Requests the asset's order actor sent: the mirror tracks them in flight, the venue takes them in order. */
  void submit(int asset, List<VenueRequest> requests) {
    trader.sentElsewhere(asset, requests);
    for (VenueRequest request : requests) {
      request.sendTo(exchange.venue());
    }
  }

  /** No order or transfer of this account is waiting for the venue (its cash is settled). */
  boolean settled() {
    return exchange.portfolio().openOrders().size() == 0;
  }

  long equity() {
    return exchange.equityNow();
  }

  /** Values the account at its last prices for this step's decision (Fixed). */
  long valueForDecision() {
    valued = exchange.equityNow();
    moved = 0;
    return valued;
  }

  /**
   * The equity after this step's decision without valuing the account again: as
   * {@link #valueForDecision} valued it, plus the cash moved since. Exact: a request sent in the step reaches the venue only
   * after its latency, at a later step, so nothing else changed the books.
   */
  long equityAfterDecision() {
    return valued + moved;
  }

  /**
   * Margin the perps hold beyond their initial requirement (the planner lets it float up to the
   * release band): part of equity, but not cash a new leg can use until it is released. A sizing
   * estimate, in doubles (Fixed units).
   */
  double marginSlack() {
    var ledger = exchange.portfolio().ledger();
    var market = exchange.market();
    double slack = 0;
    for (int a = 0; a < this.market.universe().assetCount(); a++) {
      int p = Universe.perpIndex(a);
      long q = ledger.quantity(p);
      if (q != 0) {
        double value = (double) q * market.markPrice(p) / Fixed.ONE;
        double balance = ledger.margin(p) + value - ledger.cost(p);
        slack += Math.max(0, balance - Math.abs(value) / ledger.leverage(p));
      }
    }
    return slack;
  }

  VenueMarket market() {
    return market;
  }

  SimulatedExchange exchange() {
    return exchange;
  }

  CarryTrader trader() {
    return trader;
  }

  long fundingIntervalMs(int asset) {
    return fundingIntervalMs[asset];
  }
}
