package io.fundarb.engine.strategy;

/** Factories of the three baselines every learned policy is measured against. */
public final class BaselineStrategies {
  private BaselineStrategies() {}

  /** {@code flat}: never trades. */
  public static final class Flat implements StrategyFactory {
    @Override
    public String name() {
      return "flat";
    }

    @Override
    public String description() {
      return "never trades";
    }

    @Override
    public Strategy create(StrategySettings settings) {
      return new FlatStrategy();
    }
  }

  /** {@code carry}: always-on long spot / short perp, flat in a negative funding regime. */
  public static final class Carry implements StrategyFactory {
    @Override
    public String name() {
      return "carry";
    }

    @Override
    public String description() {
      return "always hold long spot / short perp; flat while the trailing funding average is negative";
    }

    @Override
    public Strategy create(StrategySettings settings) {
      return new CarryStrategy(settings.getInt("window-settlements", 21));
    }
  }

  /** {@code threshold}: enter above a cost-covering funding average, exit below another. */
  public static final class Threshold implements StrategyFactory {
    @Override
    public String name() {
      return "threshold";
    }

    @Override
    public String description() {
      return "enter when trailing funding covers round-trip costs, exit below the exit threshold";
    }

    @Override
    public Strategy create(StrategySettings settings) {
      return new ThresholdStrategy(
          settings.getInt("window-settlements", 9),
          settings.getDoubleOrAuto("entry-threshold", Double.NaN),
          settings.getDouble("exit-threshold", 0.0),
          settings.getInt("hold-settlements", 21),
          settings.getBoolean("allow-reverse", false));
    }
  }
}
