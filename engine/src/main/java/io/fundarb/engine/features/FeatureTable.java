package io.fundarb.engine.features;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.sim.Simulation;
import io.fundarb.engine.time.ManualClock;

/**
 * Every asset's feature rows for every clock step of a tape, computed once by replaying the tape
 * through the same {@link FeatureTracker} a live node uses. Row {@code g} belongs to the tape's
 * {@code g}-th step, so a simulation over the same tape reads its features by step index.
 */
public final class FeatureTable {
  private final long[] times;
  private final float[][] rows;
  private final int[] firstReady;

  private FeatureTable(long[] times, float[][] rows, int[] firstReady) {
    this.times = times;
    this.rows = rows;
    this.firstReady = firstReady;
  }

  public static FeatureTable build(MarketTape tape, Universe universe, long stepMs, long fundingIntervalMs) {
    int assets = universe.assetCount();
    int groups = tape.groups();
    MarketState market = new MarketState(universe.instrumentCount());
    FeatureTracker tracker = new FeatureTracker(universe, market, stepMs, fundingIntervalMs, 1);
    Simulation replay = Simulation.marketOnly(tape, market, new ManualClock(tape.size() == 0 ? 0 : tape.time(0)), tracker);
    long[] times = new long[groups];
    float[][] rows = new float[assets][groups * Feature.COUNT];
    int[] firstReady = new int[assets];
    java.util.Arrays.fill(firstReady, -1);
    for (int g = 0; replay.hasNext(); g++) {
      long t = replay.step();
      tracker.endStep(t);
      times[g] = t;
      for (int a = 0; a < assets; a++) {
        FeatureBuilder b = tracker.builder(a);
        System.arraycopy(b.row(0), 0, rows[a], g * Feature.COUNT, Feature.COUNT);
        if (firstReady[a] < 0 && b.ready()) {
          firstReady[a] = g;
        }
      }
    }
    return new FeatureTable(times, rows, firstReady);
  }

  public int steps() {
    return times.length;
  }

  public long time(int step) {
    return times[step];
  }

  /** First step whose row has every lookback filled, or -1 if the data never warms up. */
  public int firstReady(int asset) {
    return firstReady[asset];
  }

  public float value(int asset, int step, Feature feature) {
    return rows[asset][step * Feature.COUNT + feature.ordinal()];
  }

  /** The asset's rows, {@code steps() x Feature.COUNT}, row-major; shared, do not modify. */
  public float[] rows(int asset) {
    return rows[asset];
  }
}
