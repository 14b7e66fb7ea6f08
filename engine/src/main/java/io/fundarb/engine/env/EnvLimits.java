package io.fundarb.engine.env;

/**
 * Hard limits that end an episode (with the terminal penalty): drawdown from the episode's peak
 * equity, and loss over the last day, both as fractions; 0 disables a limit.
 */
public record EnvLimits(double maxDrawdown, double maxDailyLoss) {
  public EnvLimits {
    if (maxDrawdown < 0 || maxDailyLoss < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  public static EnvLimits none() {
    return new EnvLimits(0, 0);
  }
}
