package io.fundarb.engine.env;

import io.fundarb.engine.features.FeatureHistory;

/**
 * A scenario's precomputed feature rows seen as the live {@link FeatureHistory} a strategy reads,
 * positioned at the environment's current step: a policy that reads features in a backtest reads
 * the identical rows here, even when an episode starts in the middle of the data.
 */
final class ScenarioFeatures implements FeatureHistory {
  private final float[][] rows;
  private final int firstReady;
  private int step;

  ScenarioFeatures(float[][] rows, int firstReady) {
    this.rows = rows;
    this.firstReady = firstReady;
  }

  void moveTo(int current) {
    step = current;
  }

  @Override
  public int steps() {
    return step + 1;
  }

  @Override
  public boolean ready() {
    return firstReady >= 0 && step >= firstReady;
  }

  @Override
  public int readyRows() {
    return ready() ? step - firstReady + 1 : 0;
  }

  @Override
  public float[] row(int back) {
    if (back < 0 || back > step) {
      throw new IndexOutOfBoundsException("row " + back + " before the scenario's first step");
    }
    return rows[step - back];
  }
}
