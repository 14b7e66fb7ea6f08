package io.fundarb.engine.testing;

import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.venue.ExecutionListener;
import java.util.List;

/**
 * A connected venue that takes every order and never answers, settles nothing and finds no
 * mismatch: tests override the one or two calls they are about.
 */
public class IdleConnectedVenue implements ConnectedVenue {
  @Override
  public void connect(MarketState market, ExecutionListener listener) {}

  @Override
  public void onArrival(Runnable callback) {}

  @Override
  public void deliver(long time) {}

  @Override
  public void onFunding(int perp, long time, long rate) {}

  @Override
  public void afterDecisions() {}

  @Override
  public List<Reconciliation.Mismatch> drainMismatches() {
    return List.of();
  }

  @Override
  public void submit(OrderRequest order) {}

  @Override
  public void cancel(InstrumentId instrument, long clientOrderId) {}

  @Override
  public void transferMargin(long requestId, InstrumentId perp, long amount) {}
}
