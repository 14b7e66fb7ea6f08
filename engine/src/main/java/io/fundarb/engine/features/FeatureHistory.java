package io.fundarb.engine.features;

/** Read-only access to an asset's most recent feature rows (see {@link Feature} for columns). */
public interface FeatureHistory {
  /** Steps closed so far. */
  int steps();

  /** True once every lookback is filled. */
  boolean ready();

  /** Rows closed in a row while ready, ending with the last one (0 while warming up). */
  int readyRows();

  /** The row {@code back} steps ago (0 = the step just closed). */
  float[] row(int back);
}
