package io.fundarb.models.ensemble;

import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureHistory;
import io.fundarb.engine.risk.RiskDecision;
import io.fundarb.engine.risk.RiskProjection;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.models.agents.AgentKind;

/**
 * One asset's ensemble decision, shared by training and every run mode: the frozen agents
 * propose (each exactly as it would alone, on the real position), the meta controller's action
 * or the equal-weight rule sizes, and the {@link RiskProjection} clamps before the target
 * leaves. Stays flat until the agents' feature windows are warmed up.
 */
final class EnsembleDecider {
  private static final AgentKind[] AGENTS = AgentKind.values();
  private static final float[] NO_ROW = new float[Feature.COUNT];

  private final Strategy[] agents;
  private final int window;
  private final ActionSpace actions;
  private final RiskProjection projection;
  private final PortfolioBook book;
  private final DecisionListener listener;
  private final double[] proposals = new double[AGENTS.length];
  private final float[] observation = new float[MetaInputs.SIZE];
  private final MetaInputs inputs = new MetaInputs();
  private float[] row = NO_ROW;
  private boolean ready;
  private double metaTarget;
  private double target;

  /**
   * @param agents one per {@link AgentKind}, in order; null for an agent left out (ablation),
   *     which then proposes its neutral value (0, or 1 for the anomaly gate)
   * @param window feature rows the agents need before they act
   */
  EnsembleDecider(Strategy[] agents, int window, ActionSpace actions, RiskProjection projection, PortfolioBook book,
      DecisionListener listener) {
    this.agents = agents.clone();
    this.window = window;
    this.actions = actions;
    this.projection = projection;
    this.book = book;
    this.listener = listener;
  }

  /** Asks every agent once for this step and returns the meta observation (valid until the next call). */
  float[] observe(AssetView view) {
    book.join(view.asset());
    FeatureHistory history = view.features();
    for (int a = 0; a < AGENTS.length; a++) {
      proposals[a] = agents[a] != null ? agents[a].target(view) : neutral(AGENTS[a]);
    }
    ready = history.readyRows() >= window;
    row = history.steps() > 0 ? history.row(0) : NO_ROW;
    inputs.write(proposals, view, row, observation);
    return observation;
  }

  /** The meta controller's action as a target, through the risk projection. */
  double decide(float action, AssetView view) {
    metaTarget = actions.target(action, metaTarget);
    return project(metaTarget, view);
  }

  /** The equal-weight ensemble: the mean of the position agents' proposals, times the anomaly gate. */
  double equalWeight(AssetView view) {
    double sum = 0;
    int n = 0;
    for (int a = 0; a < AGENTS.length; a++) {
      if (AGENTS[a] != AgentKind.ANOMALY && agents[a] != null) {
        sum += proposals[a];
        n++;
      }
    }
    double gate = Math.max(0, Math.min(1, proposals[AgentKind.ANOMALY.ordinal()]));
    return project(n == 0 ? 0 : gate * sum / n, view);
  }

  private double project(double proposed, AssetView view) {
    RiskDecision last = null;
    if (!ready) {
      target = 0;
    } else {
      last = projection.project(new RiskProjection.Input(proposed, target, MetaInputs.volatility(row),
          view.lastFundingRate(), inputs.dailyPnl(), book.othersGross(view.asset()), book.assets()));
      target = last.holds() ? target : last.target();
    }
    book.hold(view.asset(), target);
    listener.decided(view, proposals[AgentKind.ANOMALY.ordinal()], proposed, last, target);
    return target;
  }

  private static double neutral(AgentKind kind) {
    return kind == AgentKind.ANOMALY ? 1 : 0;
  }
}
