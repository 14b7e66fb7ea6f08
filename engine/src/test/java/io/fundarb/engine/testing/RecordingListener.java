package io.fundarb.engine.testing;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.account.MarginTransfer;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.venue.ExecutionListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps every execution report for assertions. */
public final class RecordingListener implements ExecutionListener {
  public final List<Long> accepted = new ArrayList<>();
  public final List<Fill> fills = new ArrayList<>();
  public final List<Rejection> rejections = new ArrayList<>();
  public final List<Cancellation> cancellations = new ArrayList<>();
  public final List<FundingPayment> funding = new ArrayList<>();
  public final List<MarginTransfer> transfers = new ArrayList<>();
  public final List<Liquidation> liquidations = new ArrayList<>();
  public long interest;

  @Override
  public void onAccepted(long clientOrderId, InstrumentId instrument, long time) {
    accepted.add(clientOrderId);
  }

  @Override
  public void onFill(Fill fill) {
    fills.add(fill);
  }

  @Override
  public void onRejected(Rejection rejection) {
    rejections.add(rejection);
  }

  @Override
  public void onCanceled(Cancellation cancellation) {
    cancellations.add(cancellation);
  }

  @Override
  public void onFunding(InstrumentId perp, long time, long rate, long markPrice, long payment) {
    funding.add(new FundingPayment(perp, time, rate, markPrice, payment));
  }

  @Override
  public void onMarginTransfer(long requestId, InstrumentId perp, long time, long amount) {
    transfers.add(new MarginTransfer(requestId, perp, time, amount));
  }

  @Override
  public void onLiquidation(Liquidation liquidation) {
    liquidations.add(liquidation);
  }

  @Override
  public void onBorrowInterest(InstrumentId spot, long time, long amount) {
    interest += amount;
  }
}
