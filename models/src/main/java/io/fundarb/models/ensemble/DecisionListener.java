package io.fundarb.models.ensemble;

import io.fundarb.engine.risk.RiskDecision;
import io.fundarb.engine.strategy.AssetView;

/** Told of every ensemble decision, for stress reports and audits; called on the deciding thread. */
@FunctionalInterface
public interface DecisionListener {
  DecisionListener NONE = (view, gate, proposed, decision, target) -> { };

  /**
   * @param gate the anomaly agent's exposure gate (1 = allow)
   * @param proposed the controller's (or equal-weight rule's) target before the projection
   * @param decision the projection's verdict, null while the agents warm up
   * @param target the target sent to execution
   */
  void decided(AssetView view, double gate, double proposed, RiskDecision decision, double target);
}
