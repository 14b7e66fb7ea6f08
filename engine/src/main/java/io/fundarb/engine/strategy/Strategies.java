package io.fundarb.engine.strategy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The strategies on the class path, by name. */
public final class Strategies {
  private Strategies() {}

  public static Map<String, StrategyFactory> available() {
    Map<String, StrategyFactory> byName = new TreeMap<>();
    for (StrategyFactory factory : ServiceLoader.load(StrategyFactory.class)) {
      if (byName.putIfAbsent(factory.name(), factory) != null) {
        throw new IllegalStateException("two strategies are named " + factory.name());
      }
    }
    return byName;
  }

  public static StrategyFactory find(String name) {
    StrategyFactory factory = available().get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown strategy '" + name + "'; available: " + names());
    }
    return factory;
  }

  public static List<String> names() {
    return List.copyOf(available().keySet());
  }
}
