package io.fundarb.engine.strategy;

import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy's parameters as key/value text (flattened from the HOCON {@code strategies.NAME}
 * block, overridable on the command line), with typed getters that name the bad key on error.
 */
public final class StrategySettings {
  private final Map<String, String> values;

  public StrategySettings(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  public static StrategySettings empty() {
    return new StrategySettings(Map.of());
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public int getInt(String key, int fallback) {
    String v = values.get(key);
    try {
      return v == null ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strategy setting " + key + " must be an integer, got '" + v + "'");
    }
  }

  /** A number, or NaN for the word "auto". */
  public double getDoubleOrAuto(String key, double fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v.trim().equalsIgnoreCase("auto")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strategy setting " + key + " must be a number or auto, got '" + v + "'");
    }
  }

  public double getDouble(String key, double fallback) {
    double value = getDoubleOrAuto(key, fallback);
    if (Double.isNaN(value) && values.containsKey(key)) {
      throw new IllegalArgumentException("strategy setting " + key + " must be a number");
    }
    return value;
  }

  public boolean getBoolean(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("strategy setting " + key + " must be true or false, got '" + v + "'");
    };
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }
}
