package io.fundarb.engine.multivenue;

import java.util.List;

/**
 * Moves a portfolio's cash toward where its legs need it: each venue's target is the portfolio's
 * equity times its share of what the legs need; a venue above its target (counting cash already on
 * its way to it) sends to the venue furthest below, largest gaps first. Only cash beyond the
 * venue's reserve leaves it, only from a venue with nothing in flight, and no transfer smaller than
 * the minimum or than its own fee is sent.
 */
final class CashRebalancer {
  private final List<VenueSleeve> sleeves;
  private final VenueTransfers transfers;
  private final double reserve;
  private final long minTransfer;
  private final long[] gap; // > 0: cash a venue can send, < 0: cash it wants

  CashRebalancer(List<VenueSleeve> sleeves, VenueTransfers transfers, double reserve, long minTransfer) {
    this.sleeves = sleeves;
    this.transfers = transfers;
    this.reserve = reserve;
    this.minTransfer = minTransfer;
    this.gap = new long[sleeves.size()];
  }

  /**
   * @param total the portfolio's equity (Fixed)
   * @param need what each venue's legs need, in any unit (only the shares matter)
   * @param equity each venue's equity this step (Fixed)
   */
  void rebalance(double total, double[] need, long[] equity, long now) {
    double allocated = 0;
    for (double n : need) {
      allocated += n;
    }
    if (allocated <= 0) {
      return; // nothing to hold: no reason to pay for moving cash
    }
    for (int v = 0; v < sleeves.size(); v++) {
      VenueSleeve s = sleeves.get(v);
      double target = total * need[v] / allocated;
      gap[v] = (long) (equity[v] + transfers.incoming(v) - target);
      if (gap[v] > 0) {
        long spare = s.settled() ? s.freeCash() - (long) (reserve * target) : 0;
        gap[v] = Math.max(0, Math.min(gap[v], spare));
      }
    }
    while (true) {
      int from = largest(1);
      int to = largest(-1);
      if (from < 0 || to < 0) {
        return;
      }
      long amount = Math.min(gap[from], -gap[to]);
      if (amount < minTransfer || amount <= transfers.fee(amount)) {
        return;
      }
      transfers.send(from, to, amount, now);
      gap[from] -= amount;
      gap[to] += amount;
    }
  }

  /** The venue with the largest gap of sign {@code sign}, or -1. */
  private int largest(int sign) {
    int best = -1;
    for (int v = 0; v < gap.length; v++) {
      long g = sign * gap[v];
      if (g > 0 && (best < 0 || g > sign * gap[best])) {
        best = v;
      }
    }
    return best;
  }
}
