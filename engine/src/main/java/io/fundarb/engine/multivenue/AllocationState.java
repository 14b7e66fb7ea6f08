package io.fundarb.engine.multivenue;

import io.fundarb.engine.strategy.AssetView;
import java.util.List;

/** What an {@link AllocationPolicy} may look at: the past of every opportunity, and the portfolio now. */
public interface AllocationState {
  List<Opportunity> opportunities();

  /** Asset {@code asset} as venue {@code venue}'s account sees it at this step (funding so far, prices, position). */
  AssetView view(int venue, int asset);

  /**
   * The funding the opportunity earns per year at the mean of its perps' last {@code settlements}
   * rates: the short perp's, less the long perp's when the long leg is a perp. Each perp's rate is
   * annualised with its own venue's funding interval from the data (8 h today, 4 h or 1 h on some
   * instruments), so venues compare fairly.
   */
  double annualFunding(int opportunity, int settlements);

  /** Cost of entering and later leaving the opportunity, as a fraction of its notional. */
  double roundTripCost(int opportunity);

  /** Clock time of the step, epoch ms. */
  long time();

  /** The opportunity's share after the limits at the previous step (0 before the first). */
  double weight(int opportunity);

  /** The portfolio's fall from its highest recorded equity, as a fraction of that peak (0 at a peak). */
  double drawdown();
}
