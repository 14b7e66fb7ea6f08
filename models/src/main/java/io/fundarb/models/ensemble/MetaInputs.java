package io.fundarb.models.ensemble;

import io.fundarb.engine.features.Feature;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the meta controller observes for one asset, written by the same code in training and in
 * every run mode: the four frozen agents' proposals, each agent's recent realised contribution
 * (what following its proposal earned per step, as an exponential mean, in bps), the position
 * and its P&L state, and a few market features.
 *
 * <p>An agent's contribution is its previous proposal times the step's return of one unit of
 * carry (long spot, short perp: spot return minus perp return plus the funding settled), so it
 * needs no shadow account and is known identically in backtests and live.
 */
final class MetaInputs {
  private static final AgentKind[] AGENTS = AgentKind.values();
  private static final int STATE = 5;
  private static final int MARKET = 4;
  static final int SIZE = 2 * AGENTS.length + STATE + MARKET;
  /** Contribution mean over about a week of 8-hour steps. */
  private static final double CONTRIBUTION_ALPHA = 2.0 / (21 + 1);

  private final double[] previous = new double[AGENTS.length];
  private final double[] contribution = new double[AGENTS.length];
  private long lastSpot;
  private long lastPerp;
  private int lastSettlements = -1;
  private long day = Long.MIN_VALUE;
  private long dayStartPnl;
  private long peakPnl = Long.MIN_VALUE;
  private double dailyPnl;
  private double drawdown;

  /** Column names, in order, for model cards and reports. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (AgentKind k : AGENTS) {
      names.add("proposal_" + k.key());
    }
    for (AgentKind k : AGENTS) {
      names.add("contribution_bps_" + k.key());
    }
    names.addAll(List.of("hedge_ratio", "exposure_ratio", "margin_ratio", "drawdown_pct", "daily_pnl_pct",
        "funding_last_bps", "funding_avg_7d_bps", "basis_bps", "spot_vol_7d"));
    return names;
  }

  /**
   * Absorbs the step the view shows (contributions, daily and peak P&L), then writes the
   * observation for {@code proposals} (in {@link AgentKind} order) into {@code out}.
   */
  void write(double[] proposals, AssetView view, float[] featureRow, float[] out) {
    track(view);
    int k = AGENTS.length;
    for (int a = 0; a < k; a++) {
      out[a] = (float) proposals[a];
      out[k + a] = (float) contribution[a];
      previous[a] = proposals[a];
    }
    int s = 2 * k;
    out[s] = (float) view.hedgeRatio();
    out[s + 1] = (float) view.exposureRatio();
    out[s + 2] = (float) view.marginRatio();
    out[s + 3] = (float) (drawdown * 100);
    out[s + 4] = (float) (dailyPnl * 100);
    out[s + 5] = featureRow[Feature.FUNDING_LAST_BPS.ordinal()];
    out[s + 6] = featureRow[Feature.FUNDING_AVG_7D_BPS.ordinal()];
    out[s + 7] = featureRow[Feature.BASIS_BPS.ordinal()];
    out[s + 8] = (float) volatility(featureRow);
  }

  /** Annualised 7-day spot volatility as a fraction (the feature row holds it in %). */
  static double volatility(float[] featureRow) {
    return featureRow[Feature.SPOT_VOL_7D.ordinal()] / 100.0;
  }

  /** P&L since the UTC day's start over the asset's max notional. */
  double dailyPnl() {
    return dailyPnl;
  }

  private void track(AssetView view) {
    double unitReturn = 0;
    if (lastSpot > 0 && lastPerp > 0 && view.spotPrice() > 0 && view.perpPrice() > 0) {
      unitReturn = (double) view.spotPrice() / lastSpot - (double) view.perpPrice() / lastPerp;
    }
    if (lastSettlements >= 0 && view.fundingSettlements() > lastSettlements) {
      unitReturn += view.lastFundingRate();
    }
    lastSpot = view.spotPrice();
    lastPerp = view.perpPrice();
    lastSettlements = view.fundingSettlements();
    for (int a = 0; a < AGENTS.length; a++) {
      contribution[a] += CONTRIBUTION_ALPHA * (previous[a] * unitReturn * 1e4 - contribution[a]);
    }
    long pnl = view.assetPnl();
    long today = Math.floorDiv(view.time(), Times.DAY_MS);
    if (today != day) {
      day = today;
      dayStartPnl = pnl;
    }
    peakPnl = Math.max(peakPnl, pnl);
    double notional = Math.max(1e-9, Fixed.toDouble(view.maxNotional()));
    dailyPnl = Fixed.toDouble(pnl - dayStartPnl) / notional;
    drawdown = Fixed.toDouble(peakPnl - pnl) / notional;
  }
}
