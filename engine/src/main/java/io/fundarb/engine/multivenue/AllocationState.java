package io.fundarb.engine.multivenue;

import io.fundarb.engine.strategy.AssetView;
import java.util.List;

/** What an {@link AllocationPolicy} may look at: the past of every opportunity, and the portfolio now. */
public interface AllocationState {
  List<Opportunity> opportunities();

  /** The opportunity's asset as its venue's account sees it at this step (funding so far, prices, position). */
  AssetView view(int opportunity);

  /**
   * Mean of the opportunity's last {@code settlements} funding rates, per year (its venue's funding
   * interval from the data: 8 h today, 4 h or 1 h on some instruments), so venues compare fairly.
   */
  double annualFunding(int opportunity, int settlements);

  /** Clock time of the step, epoch ms. */
  long time();

  /** Number of venue accounts. */
  int venues();

  /** Share of the portfolio's equity held on venue {@code venue} (cash, positions and margin), in [0, 1]. */
  double venueShare(int venue);
}
