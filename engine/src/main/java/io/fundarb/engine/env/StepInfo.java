package io.fundarb.engine.env;

/**
 * What happened in the last step, beyond the reward: the target asked for and the one applied
 * (they differ when the action was infeasible and clamped), equity, drawdown, and why the
 * episode ended. Reused in place; read it before the next step.
 */
public final class StepInfo {
  /** Why an episode ended. */
  public enum End {
    RUNNING,
    END_OF_DATA,
    EPISODE_LENGTH,
    MAX_DRAWDOWN,
    DAILY_LOSS
  }

  double requestedTarget;
  double appliedTarget;
  boolean clamped;
  double equity;
  double drawdown;
  double stepReturn;
  double tradedNotional;
  long time;
  End end = End.RUNNING;

  public double requestedTarget() {
    return requestedTarget;
  }

  public double appliedTarget() {
    return appliedTarget;
  }

  /** True when the requested target was infeasible and was clamped to {@link #appliedTarget()}. */
  public boolean clamped() {
    return clamped;
  }

  public double equity() {
    return equity;
  }

  public double drawdown() {
    return drawdown;
  }

  public double stepReturn() {
    return stepReturn;
  }

  public double tradedNotional() {
    return tradedNotional;
  }

  public long time() {
    return time;
  }

  public End end() {
    return end;
  }
}
