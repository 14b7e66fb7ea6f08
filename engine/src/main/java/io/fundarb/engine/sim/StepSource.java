package io.fundarb.engine.sim;

/**
 * The market's clock steps as an account consumes them: a replayed tape ({@link Simulation}) or
 * steps assembled from a live feed ({@link io.fundarb.engine.live.LiveMarket}).
 */
public interface StepSource {
  /** Whether a step is ready now. */
  boolean hasNext();

  /** Time of the next ready step, or Long.MAX_VALUE when none is. */
  long nextTime();

  /** Applies the next step's events to the market, the venue and the observer; returns its time. */
  long step();
}
