package io.fundarb.engine.account;

import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.venue.ExecutionListener;

/**
 * The engine's own view of its account, rebuilt only from what the venue reports (fills,
 * funding, transfers, liquidations), exactly as it must be in live trading. It mirrors the
 * venue's ledger, tracks requests in flight and counts hedged round trips (an asset going from
 * flat to hedged and back to flat).
 */
public final class Portfolio implements ExecutionListener {
  private final Universe universe;
  private final Ledger ledger;
  private final OpenOrders openOrders;
  private final TradeJournal journal;
  private final boolean[] inTrip;
  private int roundTrips;
  private int fills;
  private int rejections;
  private int cancellations;

  public Portfolio(Universe universe, long initialCash, int leverage, TradeJournal journal) {
    this.universe = universe;
    this.ledger = new Ledger(universe, initialCash, leverage);
    this.openOrders = new OpenOrders(universe.instrumentCount());
    this.journal = journal;
    this.inTrip = new boolean[universe.assetCount()];
  }

  /** Records a request before it is sent, so its outcome can be matched. */
  public void track(long requestId, int instrument) {
    openOrders.add(requestId, instrument);
  }

  /** Tracks a margin transfer request (in flight like an order, but nothing to cancel). */
  public void trackTransfer(long requestId, int perp) {
    openOrders.addTransfer(requestId, perp);
  }

  @Override
  public void onAccepted(long clientOrderId, InstrumentId instrument, long time) {
    // Acceptance changes nothing in the books; the order stays in flight until filled or ended.
  }

  @Override
  public void onFill(Fill fill) {
    int i = index(fill.instrument());
    ledger.trade(i, fill.signedQuantity(), fill.price().raw(), fill.fee(), fill.slippage());
    fills++;
    journal.fill(fill);
    if (fill.completesOrder()) {
      openOrders.finish(fill.clientOrderId());
    }
    updateTrip(Universe.assetOf(i));
  }

  @Override
  public void onRejected(Rejection rejection) {
    rejections++;
    journal.rejection(rejection);
    openOrders.finish(rejection.clientOrderId());
  }

  @Override
  public void onCanceled(Cancellation cancellation) {
    cancellations++;
    openOrders.finish(cancellation.clientOrderId());
  }

  @Override
  public void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment) {
    ledger.applyFunding(index(perp), payment);
    if (journal.recordsFunding()) {
      journal.funding(new FundingPayment(perp, time, rate, markPrice, payment));
    }
  }

  @Override
  public void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount) {
    ledger.transferMargin(index(perp), amount);
    journal.transfer(new MarginTransfer(requestId, perp, time, amount));
    openOrders.finish(requestId);
  }

  @Override
  public void onLiquidation(Liquidation liquidation) {
    int i = index(liquidation.instrument());
    ledger.applyLiquidation(i, liquidation);
    journal.liquidation(liquidation);
    updateTrip(Universe.assetOf(i));
  }

  @Override
  public void onBorrowInterest(InstrumentId spot, long time, long amount) {
    ledger.chargeBorrowInterest(index(spot), amount);
  }

  private void updateTrip(int asset) {
    boolean flat = ledger.isFlat(asset);
    if (!flat && !inTrip[asset]) {
      inTrip[asset] = true;
    } else if (flat && inTrip[asset]) {
      inTrip[asset] = false;
      roundTrips++;
    }
  }

  private int index(InstrumentId id) {
    int i = universe.indexOf(id);
    if (i < 0) {
      throw new IllegalStateException("venue reported an instrument this account does not trade: " + id);
    }
    return i;
  }

  /** The books, the requests in flight and the counts, as values (a journal snapshot). */
  public Snapshot snapshot() {
    return new Snapshot(ledger.snapshot(), openOrders.entries(), inTrip.clone(), roundTrips, fills, rejections,
        cancellations);
  }

  /** Takes back a {@link #snapshot()} of a portfolio of the same universe (the journal is not restored). */
  public void restore(Snapshot snapshot) {
    ledger.restore(snapshot.ledger());
    openOrders.restore(snapshot.inFlight());
    System.arraycopy(snapshot.inTrip(), 0, inTrip, 0, inTrip.length);
    roundTrips = snapshot.roundTrips();
    fills = snapshot.fills();
    rejections = snapshot.rejections();
    cancellations = snapshot.cancellations();
  }

  /** See {@link #snapshot()}; {@code inFlight} rows are {@code [id, instrument, transfer, cancel requested]}. */
  public record Snapshot(LedgerSnapshot ledger, long[][] inFlight, boolean[] inTrip, int roundTrips, int fills,
      int rejections, int cancellations) {}

  public Universe universe() {
    return universe;
  }

  public Ledger ledger() {
    return ledger;
  }

  public OpenOrders openOrders() {
    return openOrders;
  }

  public TradeJournal journal() {
    return journal;
  }

  public int roundTrips() {
    return roundTrips;
  }

  public int fills() {
    return fills;
  }

  public int rejections() {
    return rejections;
  }

  public int cancellations() {
    return cancellations;
  }

  /** True when any leg of any asset holds a position. */
  public boolean inMarket() {
    for (int a = 0; a < universe.assetCount(); a++) {
      if (!ledger.isFlat(a)) {
        return true;
      }
    }
    return false;
  }
}
