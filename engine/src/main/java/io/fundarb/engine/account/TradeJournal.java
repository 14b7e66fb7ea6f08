package io.fundarb.engine.account;

import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * Itemised record of what happened to an account, for reports and the machine-readable backtest
 * output. Benchmarks run with {@link #disabled()} so replay does not allocate per event.
 */
public final class TradeJournal {
  private final boolean enabled;
  private final List<Fill> fills = new ArrayList<>();
  private final List<FundingPayment> funding = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<Liquidation> liquidations = new ArrayList<>();
  private final List<MarginTransfer> transfers = new ArrayList<>();

  private TradeJournal(boolean enabled) {
    this.enabled = enabled;
  }

  public static TradeJournal recording() {
    return new TradeJournal(true);
  }

  public static TradeJournal disabled() {
    return new TradeJournal(false);
  }

  void fill(Fill fill) {
    if (enabled) {
      fills.add(fill);
    }
  }

  void funding(FundingPayment payment) {
    if (enabled) {
      funding.add(payment);
    }
  }

  boolean recordsFunding() {
    return enabled;
  }

  void rejection(Rejection rejection) {
    if (enabled) {
      rejections.add(rejection);
    }
  }

  void liquidation(Liquidation liquidation) {
    if (enabled) {
      liquidations.add(liquidation);
    }
  }

  void transfer(MarginTransfer transfer) {
    if (enabled) {
      transfers.add(transfer);
    }
  }

  public List<Fill> fills() {
    return fills;
  }

  public List<FundingPayment> funding() {
    return funding;
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  public List<Liquidation> liquidations() {
    return liquidations;
  }

  public List<MarginTransfer> transfers() {
    return transfers;
  }
}
