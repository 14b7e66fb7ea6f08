package io.fundarb.ops.rl;

import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling windows of normalised features for every asset: one window per step whose end lies in
 * [from, to) and whose rows are all warmed up. Statistics are fitted on those steps' rows (each
 * step once) unless given, so validation and test windows can reuse the training statistics.
 */
public final class WindowSet {
  private final float[] values;
  private final int[] shape;
  private final List<WindowsSidecar.Series> series;
  private final FeatureNormalization normalization;

  private WindowSet(float[] values, int[] shape, List<WindowsSidecar.Series> series, FeatureNormalization normalization) {
    this.values = values;
    this.shape = shape;
    this.series = series;
    this.normalization = normalization;
  }

  /** Data before {@code from} needed to warm up every feature and fill the first window. */
  public static long lead(int window, long stepMs) {
    return 31 * Times.DAY_MS + (long) window * stepMs;
  }

  public static WindowSet build(MarketData data, Universe universe, List<Feature> features, int window, long from, long to,
      FeatureNormalization given) {
    long stepMs = data.assets().get(0).perp().intervalMs();
    FeatureTable table = FeatureTable.build(MarketTape.build(data, universe), universe, stepMs,
        data.assets().get(0).funding().typicalIntervalMs());
    int assets = universe.assetCount();
    int[] first = new int[assets];
    int[] last = new int[assets];
    for (int a = 0; a < assets; a++) {
      int ready = table.firstReady(a);
      first[a] = ready < 0 ? table.steps() : ready + window - 1;
      while (first[a] < table.steps() && table.time(first[a]) < from) {
        first[a]++;
      }
      last[a] = first[a];
      while (last[a] < table.steps() && table.time(last[a]) < to) {
        last[a]++;
      }
    }
    int[] indices = new int[assets];
    for (int a = 0; a < assets; a++) {
      indices[a] = a;
    }
    FeatureNormalization normalization = given != null ? given : FeatureNormalization.fit(features, table, indices, first, last);
    int k = features.size();
    int total = 0;
    for (int a = 0; a < assets; a++) {
      total += last[a] - first[a];
    }
    if (total == 0) {
      throw new IllegalArgumentException("no complete " + window + "-step window ends between " + Times.format(from) + " and "
          + Times.format(to) + ": features need 30 days of warm-up plus the window");
    }
    float[] values = new float[total * window * k];
    List<WindowsSidecar.Series> series = new ArrayList<>();
    int row = 0;
    for (int a = 0; a < assets; a++) {
      int count = last[a] - first[a];
      String symbol = universe.pair(a).asset().symbol();
      if (count > 0) {
        series.add(new WindowsSidecar.Series(symbol, row, count, Times.isoInstant(table.time(first[a])),
            Times.isoInstant(table.time(last[a] - 1)), table.time(first[a])));
      }
      for (int g = first[a]; g < last[a]; g++, row++) {
        for (int w = 0; w < window; w++) {
          normalization.apply(table.rows(a), (g - window + 1 + w) * Feature.COUNT, values, (row * window + w) * k);
        }
      }
    }
    return new WindowSet(values, new int[] {total, window, k}, series, normalization);
  }

  public float[] values() {
    return values;
  }

  public int[] shape() {
    return shape.clone();
  }

  public List<WindowsSidecar.Series> series() {
    return series;
  }

  public FeatureNormalization normalization() {
    return normalization;
  }
}
