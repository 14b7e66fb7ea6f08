package io.fundarb.ops.ensemble;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.risk.RiskDecision;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.Times;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.MetaModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Injects each scenario's shock into every asset and replays the ensemble (and always-on carry
 * for comparison) through it, recording per decision the gross exposure, the perp's margin ratio,
 * the anomaly gate and the risk rules, so the report says not only what it cost but whether and
 * when exposure was cut.
 */
public final class StressSuite {
  /** Margin ratio (maintenance over balance) at or above which liquidation is within 10 % of margin. */
  public static final double NEAR_LIQUIDATION = 0.9;
  /** How long after the shock rules and cuts are looked for. */
  static final long WATCH_MS = 7 * Times.DAY_MS;

  private StressSuite() {}

  /**
   * One strategy through one scenario.
   *
   * @param grossBefore sum over assets of |target| at the last decision before the shock
   * @param minGrossAfter the smallest such sum within a week after it
   * @param exposureCutHours hours from the shock to the first decision that held less than before (NaN: none)
   * @param gateCutHours hours to the first anomaly gate below one half (NaN: none or not an ensemble)
   * @param rules risk rules the projection applied within a week after the shock
   */
  public record Outcome(String scenario, String strategy, double totalReturn, double maxDrawdown,
      double maxMarginRatio, boolean nearLiquidation, int liquidations, double grossBefore, double minGrossAfter,
      double exposureCutHours, double gateCutHours, Set<String> rules) {}

  public static List<Outcome> run(EnsemblePlan plan, Ensemble ensemble, MetaModel meta, List<StressScenario> scenarios,
      long from, long to, long shockAt) {
    List<Outcome> outcomes = new ArrayList<>();
    MarketData clean = plan.slice(from, to);
    for (StressScenario scenario : scenarios) {
      MarketData shocked = shock(clean, scenario, shockAt, plan.stepMs());
      Probe probe = new Probe(shockAt);
      BacktestResult r = plan.backtest(shocked, "ensemble", probe.wrap(ensemble.policy(meta, probe::decided)), from);
      outcomes.add(probe.outcome(scenario.key(), "ensemble", r));
      Probe carry = new Probe(shockAt);
      BacktestResult c = plan.backtest(shocked, "carry", carry.wrap(plan.baseline("carry")), from);
      outcomes.add(carry.outcome(scenario.key(), "carry", c));
    }
    return outcomes;
  }

  static MarketData shock(MarketData data, StressScenario scenario, long at, long stepMs) {
    List<AssetSeries> assets = data.assets().stream().map(a -> scenario.shock(at, stepMs).applyTo(a)).toList();
    return new MarketData(data.venue(), assets, data.sentiment(), data.from(), data.to());
  }

  /** Records every decision of one run: targets per asset, margin ratios, gate and rules. */
  private static final class Probe {
    private final long shockAt;
    private final Map<Object, Double> targets = new HashMap<>();
    private double grossBefore;
    private double minGrossAfter = Double.POSITIVE_INFINITY;
    private double maxMargin;
    private long cutAt = Long.MIN_VALUE;
    private long gateAt = Long.MIN_VALUE;
    private final Set<RiskRule> rules = EnumSet.noneOf(RiskRule.class);

    Probe(long shockAt) {
      this.shockAt = shockAt;
    }

    Supplier<Strategy> wrap(Supplier<Strategy> inner) {
      return () -> {
        Strategy strategy = inner.get();
        return new Strategy() {
          @Override
          public double target(AssetView view) {
            double target = strategy.target(view);
            observe(view, target);
            return target;
          }

          @Override
          public boolean usesFeatures() {
            return strategy.usesFeatures();
          }
        };
      };
    }

    void decided(AssetView view, double gate, double proposed, RiskDecision decision, double target) {
      long t = view.time();
      if (t < shockAt || t >= shockAt + WATCH_MS) {
        return;
      }
      if (decision != null) {
        rules.addAll(decision.triggered());
      }
      if (gate < 0.5 && gateAt == Long.MIN_VALUE) {
        gateAt = t;
      }
    }

    private void observe(AssetView view, double target) {
      long t = view.time();
      maxMargin = Math.max(maxMargin, view.marginRatio());
      targets.put(view.asset(), Double.isNaN(target) ? targets.getOrDefault(view.asset(), 0.0) : Math.abs(target));
      double gross = targets.values().stream().mapToDouble(Double::doubleValue).sum();
      if (t < shockAt) {
        grossBefore = gross;
      } else if (t < shockAt + WATCH_MS) {
        minGrossAfter = Math.min(minGrossAfter, gross);
        if (gross < grossBefore - 1e-9 && cutAt == Long.MIN_VALUE) {
          cutAt = t;
        }
      }
    }

    Outcome outcome(String scenario, String strategy, BacktestResult r) {
      Set<String> names = new TreeSet<>();
      rules.forEach(rule -> names.add(rule.name()));
      return new Outcome(scenario, strategy, r.metrics().totalReturn(), r.metrics().maxDrawdown(), maxMargin,
          maxMargin >= NEAR_LIQUIDATION, r.metrics().liquidations(), grossBefore,
          Double.isInfinite(minGrossAfter) ? grossBefore : minGrossAfter, hours(cutAt), hours(gateAt), names);
    }

    private double hours(long at) {
      return at == Long.MIN_VALUE ? Double.NaN : (at - shockAt) / (double) Times.HOUR_MS;
    }
  }
}
