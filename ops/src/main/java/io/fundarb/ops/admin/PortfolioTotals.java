package io.fundarb.ops.admin;

import io.fundarb.actors.node.Run;
import io.fundarb.engine.money.Fixed;
import java.util.List;

/**
 * The node's book summed over its assets: P&amp;L, funding and fees exactly (Fixed), gross exposure
 * (|position value| over every leg, USDT) as a double for display, and leverage against equity.
 */
record PortfolioTotals(long pnl, long funding, long fees, double grossExposure) {
  static PortfolioTotals of(List<Run.Position> positions) {
    long pnl = 0;
    long funding = 0;
    long fees = 0;
    double gross = 0;
    for (Run.Position p : positions) {
      pnl += p.pnl();
      funding += p.funding();
      fees += p.fees();
      gross += Math.abs(Fixed.toDouble(p.spotQuantity()) * Fixed.toDouble(p.spotPrice()))
          + Math.abs(Fixed.toDouble(p.perpQuantity()) * Fixed.toDouble(p.perpMark()));
    }
    return new PortfolioTotals(pnl, funding, fees, gross);
  }

  /** Gross exposure over {@code equity} (Fixed); NaN without positive equity. */
  double leverage(long equity) {
    double e = Fixed.toDouble(equity);
    return e > 0 ? grossExposure / e : Double.NaN;
  }
}
