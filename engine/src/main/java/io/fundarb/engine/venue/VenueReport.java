package io.fundarb.engine.venue;

import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;

/**
 * Everything a venue reports about an account ({@link ExecutionListener}), as values: routed to the
 * asset that owns them, journaled by it, replayed into its books.
 */
public sealed interface VenueReport {
  /** The instrument the report is about. */
  InstrumentId instrument();

  /** Hands the report to {@code listener}. */
  void deliverTo(ExecutionListener listener);

  record Accepted(long clientOrderId, InstrumentId instrument, long time) implements VenueReport {
    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onAccepted(clientOrderId, instrument, time);
    }
  }

  record Filled(Fill fill) implements VenueReport {
    @Override
    public InstrumentId instrument() {
      return fill.instrument();
    }

    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onFill(fill);
    }
  }

  record Rejected(Rejection rejection) implements VenueReport {
    @Override
    public InstrumentId instrument() {
      return rejection.instrument();
    }

    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onRejected(rejection);
    }
  }

  record Canceled(Cancellation cancellation) implements VenueReport {
    @Override
    public InstrumentId instrument() {
      return cancellation.instrument();
    }

    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onCanceled(cancellation);
    }
  }

  record Funded(InstrumentId instrument, long time, long rate, long markPrice, long payment) implements VenueReport {
    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onFunding(instrument, time, rate, markPrice, payment);
    }
  }

  record MarginMoved(long requestId, InstrumentId instrument, long time, long amount) implements VenueReport {
    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onMarginTransfer(requestId, instrument, time, amount);
    }
  }

  record Liquidated(Liquidation liquidation) implements VenueReport {
    @Override
    public InstrumentId instrument() {
      return liquidation.instrument();
    }

    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onLiquidation(liquidation);
    }
  }

  record Interest(InstrumentId instrument, long time, long amount) implements VenueReport {
    @Override
    public void deliverTo(ExecutionListener listener) {
      listener.onBorrowInterest(instrument, time, amount);
    }
  }

  /** An {@link ExecutionListener} that turns every report into a value for {@code sink}. */
  record Collector(java.util.function.Consumer<VenueReport> sink) implements ExecutionListener {
    @Override
    public void onAccepted(long clientOrderId, InstrumentId instrument, long time) {
      sink.accept(new Accepted(clientOrderId, instrument, time));
    }

    @Override
    public void onFill(Fill fill) {
      sink.accept(new Filled(fill));
    }

    @Override
    public void onRejected(Rejection rejection) {
      sink.accept(new Rejected(rejection));
    }

    @Override
    public void onCanceled(Cancellation cancellation) {
      sink.accept(new Canceled(cancellation));
    }

    @Override
    public void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment) {
      sink.accept(new Funded(perp, time, rate, markPrice, payment));
    }

    @Override
    public void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount) {
      sink.accept(new MarginMoved(requestId, perp, time, amount));
    }

    @Override
    public void onLiquidation(Liquidation liquidation) {
      sink.accept(new Liquidated(liquidation));
    }

    @Override
    public void onBorrowInterest(InstrumentId spot, long time, long amount) {
      sink.accept(new Interest(spot, time, amount));
    }
  }
}
