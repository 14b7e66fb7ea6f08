package io.fundarb.actors.node;

import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.venue.ExecutionListener;
import java.util.function.Consumer;

/**
 * Turns the venue's execution reports into order-journal events for the asset they belong to.
 * Funding, margin transfers and borrow interest live in the account's books, not the order
 * journal; a liquidation is reported to the node (logged, counted, alerted).
 */
final class JournalingListener implements ExecutionListener {
  /** Where an event for an asset (entity id) goes. */
  interface Sink {
    void journal(String asset, OrderActor.OrderEvent event);
  }

  private final Sink sink;
  private final Consumer<String> onLiquidation;

  JournalingListener(Sink sink, Consumer<String> onLiquidation) {
    this.sink = sink;
    this.onLiquidation = onLiquidation;
  }

  private void send(InstrumentId instrument, OrderActor.OrderEvent event) {
    sink.journal(instrument.asset().toString(), event);
  }

  @Override
  public void onAccepted(long clientOrderId, InstrumentId instrument, long time) {
    send(instrument, new OrderActor.Accepted(clientOrderId, instrument.toString(), time));
  }

  @Override
  public void onFill(Fill fill) {
    send(fill.instrument(), new OrderActor.Filled(fill.clientOrderId(), fill.instrument().toString(), fill.time(),
        fill.signedQuantity(), fill.price().raw(), fill.fee(), fill.completesOrder()));
  }

  @Override
  public void onRejected(Rejection rejection) {
    send(rejection.instrument(), new OrderActor.Rejected(rejection.clientOrderId(),
        rejection.instrument().toString(), rejection.time(), rejection.reason() + ": " + rejection.detail()));
  }

  @Override
  public void onCanceled(Cancellation cancellation) {
    send(cancellation.instrument(), new OrderActor.Canceled(cancellation.clientOrderId(),
        cancellation.instrument().toString(), cancellation.time(), cancellation.reason()));
  }

  @Override
  public void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment) {
  }

  @Override
  public void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount) {
  }

  @Override
  public void onLiquidation(Liquidation liquidation) {
    onLiquidation.accept(liquidation.toString());
  }

  @Override
  public void onBorrowInterest(InstrumentId spot, long time, long amount) {
  }
}
