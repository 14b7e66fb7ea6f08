package io.fundarb.engine.risk;

import io.fundarb.engine.money.Fixed;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;

class RiskInvariantProperties {
  @Property(tries = 500)
  void approvedTargetsStayWithinTheirCapsAndSafeModeNeverAddsExposure(
      @ForAll @DoubleRange(min = -2, max = 2) double proposed,
      @ForAll @DoubleRange(min = -1, max = 1) double current,
      @ForAll @DoubleRange(min = 0, max = 2) double marginRatio,
      @ForAll boolean safe,
      @ForAll @IntRange(min = 1, max = 3) int leverage) {
    RiskLimits limits = RiskLimits.defaults(leverage);
    AssetRiskGuard guard = new AssetRiskGuard(limits);
    RiskDecision d = guard.decide(new RiskInput(0, proposed, current, current == 0, Fixed.ofUnits(100), marginRatio, 0,
        Fixed.ofUnits(1000)), new NodeRiskState(false, false, safe));
    double cap = Math.min(limits.maxPositionRatio(), limits.leverageCapRatio(Double.POSITIVE_INFINITY));
    assert Math.abs(d.target()) <= cap + 1e-12 : "cap";
    if (safe || marginRatio > limits.maxMarginRatio()) {
      assert Math.abs(d.target()) <= Math.abs(current) + 1e-12 : "reduce only";
      assert d.target() == 0 || Math.signum(d.target()) == Math.signum(current) : "no flip";
    }
  }

  @Property(tries = 300)
  void portfolioCapFitsAndNeverCutsReductions(
      @ForAll @Size(min = 1, max = 8) List<@DoubleRange(min = -1, max = 1) Double> targetList,
      @ForAll @DoubleRange(min = 0.1, max = 1) double maxRatio) {
    int n = targetList.size();
    double[] targets = new double[n];
    double[] current = new double[n];
    double[] notional = new double[n];
    for (int a = 0; a < n; a++) {
      targets[a] = targetList.get(a);
      current[a] = a % 2 == 0 ? 0.5 * targets[a] : -targets[a];
      notional[a] = 1000 + 100 * a;
    }
    double[] before = targets.clone();
    PortfolioNotionalCap.apply(targets, current, notional, maxRatio);
    double used = 0;
    double keptOnly = 0;
    double allowed = 0;
    for (int a = 0; a < n; a++) {
      used += Math.abs(targets[a]) * notional[a];
      allowed += maxRatio * notional[a];
      boolean sameSide = Math.signum(before[a]) == Math.signum(current[a]);
      double kept = sameSide ? Math.min(Math.abs(before[a]), Math.abs(current[a])) : 0;
      keptOnly += kept * notional[a];
      assert Math.abs(targets[a]) >= kept - 1e-12 : "a reduction was cut";
      assert Math.abs(targets[a]) <= Math.abs(before[a]) + 1e-12 : "a target grew";
    }
    assert used <= Math.max(allowed, keptOnly) * (1 + 1e-9) : "over the cap";
  }
}
