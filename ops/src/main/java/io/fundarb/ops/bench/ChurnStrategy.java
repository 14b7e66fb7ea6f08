package io.fundarb.ops.bench;

import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategyFactory;
import io.fundarb.engine.strategy.StrategySettings;

/**
 * For {@code bench venue} only: the target alternates between 0.3 and 0.5 at every step, so every
 * step sends a hedge and the benchmark has an order to time for each bar. Not a trading strategy
 * and not on the strategy list: the benchmark registers it for its own child node.
 */
public final class ChurnStrategy implements Strategy {
  public static final String NAME = "bench-churn";
  private boolean high;

  @Override
  public double target(AssetView view) {
    high = !high;
    return high ? 0.5 : 0.3;
  }

  /** Listed by the benchmark in a services file of its own, never in the jar's. */
  public static final class Factory implements StrategyFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "benchmark only: target 0.5 and 0.3 in turn, a hedge every step";
    }

    @Override
    public Strategy create(StrategySettings settings) {
      return new ChurnStrategy();
    }
  }
}
