package io.fundarb.actors.asset;

import io.fundarb.engine.risk.RiskRule;
import java.util.Set;

/**
 * An asset's answer to one tick: the approved target hedge ratio (NaN = keep the current one),
 * the risk rules that shaped it, and whether the asset is in SAFE mode.
 */
public record AssetDecision(long step, String asset, double target, Set<RiskRule> triggered, boolean safeMode)
    implements io.fundarb.actors.serialization.Durable {
  public boolean holds() {
    return Double.isNaN(target);
  }
}
