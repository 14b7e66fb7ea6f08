package io.fundarb.engine.strategy;

/**
 * Makes one {@link Strategy} per asset from its settings. Implementations are found with
 * {@link java.util.ServiceLoader}: to add a strategy, write the class and list its factory in
 * {@code META-INF/services/io.fundarb.engine.strategy.StrategyFactory} (see docs/STRATEGIES.md).
 */
public interface StrategyFactory {
  /** Name used on the command line and in config, e.g. "threshold". */
  String name();

  /** One line for {@code --help} and reports. */
  String description();

  Strategy create(StrategySettings settings);
}
