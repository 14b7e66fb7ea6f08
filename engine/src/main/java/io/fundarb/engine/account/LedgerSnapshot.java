package io.fundarb.engine.account;

import java.util.Arrays;

/**
 * The values of a {@link Ledger} (per-instrument arrays indexed like its universe), for journal
 * snapshots and for mirrors kept by other actors. Equal when every field is.
 */
public record LedgerSnapshot(long cash, long deposits, long[] quantity, long[] cost, long[] margin, int[] leverage,
    long[] realised, long[] fees, long[] funding, long[] slippage, long[] interest, long[] traded,
    long liquidationFees, long insuranceCover, int liquidations) {

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerSnapshot l && cash == l.cash && deposits == l.deposits
        && Arrays.equals(quantity, l.quantity) && Arrays.equals(cost, l.cost) && Arrays.equals(margin, l.margin)
        && Arrays.equals(leverage, l.leverage) && Arrays.equals(realised, l.realised) && Arrays.equals(fees, l.fees)
        && Arrays.equals(funding, l.funding) && Arrays.equals(slippage, l.slippage)
        && Arrays.equals(interest, l.interest) && Arrays.equals(traded, l.traded)
        && liquidationFees == l.liquidationFees && insuranceCover == l.insuranceCover
        && liquidations == l.liquidations;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(quantity) * 31 + Long.hashCode(cash);
  }

  @Override
  public String toString() {
    return "LedgerSnapshot[cash=" + cash + ", quantity=" + Arrays.toString(quantity) + ", margin="
        + Arrays.toString(margin) + "]";
  }
}
