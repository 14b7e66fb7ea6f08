package io.fundarb.engine.multivenue;

import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;

/**
 * What the learned allocator sees, the same in training and at run time: per opportunity, its
 * funding per year over the last 1, 3, 21 and 90 settlements (now, a day, a week, a month at 8 h),
 * the round trip cost spread over 90 days (the hurdle a position must clear), its basis (the short
 * perp's price over the long leg's, less one, in percent: what entering now locks in or pays as
 * the two converge), and its current share; then the portfolio's drawdown and its total share.
 * Everything is known at the step (trailing settlements, the step's prices, the allocation held).
 */
public final class AllocatorInputs {
  static final int[] WINDOWS = {1, 3, 21, 90};
  /** Per opportunity: four funding windows, the cost hurdle, the basis, the current share. */
  public static final int PER_OPPORTUNITY = WINDOWS.length + 3;
  public static final int PORTFOLIO = 2;
  /** Written into model cards: a model trained on other inputs is refused. */
  public static final String SPEC = "allocator-inputs/2";
  private static final double HURDLE_DAYS = 90;

  private AllocatorInputs() {}

  public static int size(int opportunities) {
    return opportunities * PER_OPPORTUNITY + PORTFOLIO;
  }

  /** Writes the observation of {@code state} into {@code out} from {@code offset}. */
  public static void observe(AllocationState state, float[] out, int offset) {
    int n = state.opportunities().size();
    int k = offset;
    double total = 0;
    for (int o = 0; o < n; o++) {
      for (int window : WINDOWS) {
        out[k++] = (float) state.annualFunding(o, window);
      }
      out[k++] = (float) (state.roundTripCost(o) * Times.YEAR_MS / (HURDLE_DAYS * Times.DAY_MS));
      out[k++] = (float) (100 * basis(state, state.opportunities().get(o)));
      double w = state.weight(o);
      out[k++] = (float) w;
      total += w;
    }
    out[k++] = (float) state.drawdown();
    out[k] = (float) total;
  }

  /** The short perp's price over the long leg's, less one; 0 before both have a price. */
  static double basis(AllocationState state, Opportunity op) {
    Opportunity.Leg longLeg = op.longLeg();
    Opportunity.Leg shortLeg = op.shortLeg();
    AssetView longView = state.view(longLeg.venue(), longLeg.asset());
    long held = longLeg.perp() ? longView.perpPrice() : longView.spotPrice();
    long sold = state.view(shortLeg.venue(), shortLeg.asset()).perpPrice();
    return held <= 0 || sold <= 0 ? 0 : (double) sold / held - 1;
  }

  /** Input names in order, for the model card. */
  public static List<String> names(List<Opportunity> opportunities) {
    List<String> names = new ArrayList<>();
    for (Opportunity o : opportunities) {
      for (int window : WINDOWS) {
        names.add(o.label() + ".funding" + window);
      }
      names.add(o.label() + ".hurdle");
      names.add(o.label() + ".basis");
      names.add(o.label() + ".weight");
    }
    names.add("portfolio.drawdown");
    names.add("portfolio.allocated");
    return names;
  }
}
