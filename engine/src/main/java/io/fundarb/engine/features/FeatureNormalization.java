package io.fundarb.engine.features;

import java.util.List;

/**
 * Z-score statistics for a list of features, fitted on training rows only and then frozen and
 * shipped with the model: evaluation and live data are scaled with the training statistics,
 * never their own. Scaled values are clipped to +/-{@value #CLIP}.
 */
public record FeatureNormalization(List<Feature> features, double[] mean, double[] std) {
  public static final double CLIP = 10;

  public FeatureNormalization {
    features = List.copyOf(features);
    if (mean.length != features.size() || std.length != features.size()) {
      throw new IllegalArgumentException("one mean and one std per feature");
    }
  }

  /** Fits on rows [from, to) of a feature table's asset rows, for each asset given. */
  public static FeatureNormalization fit(List<Feature> features, FeatureTable table, int[] assets, int[] from, int[] to) {
    int k = features.size();
    double[] sum = new double[k];
    double[] sumSq = new double[k];
    long n = 0;
    for (int x = 0; x < assets.length; x++) {
      float[] rows = table.rows(assets[x]);
      for (int g = from[x]; g < to[x]; g++, n++) {
        for (int c = 0; c < k; c++) {
          double v = rows[g * Feature.COUNT + features.get(c).ordinal()];
          sum[c] += v;
          sumSq[c] += v * v;
        }
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("no rows to fit normalisation on");
    }
    double[] mean = new double[k];
    double[] std = new double[k];
    for (int c = 0; c < k; c++) {
      mean[c] = sum[c] / n;
      double variance = Math.max(0, sumSq[c] / n - mean[c] * mean[c]);
      std[c] = variance > 1e-16 ? Math.sqrt(variance) : 1; // constant features pass through centred
    }
    return new FeatureNormalization(features, mean, std);
  }

  /** Scales {@code raw} (a full feature row) into {@code out[offset..offset + size)}. */
  public void apply(float[] raw, int rawOffset, float[] out, int offset) {
    for (int c = 0; c < mean.length; c++) {
      double z = (raw[rawOffset + features.get(c).ordinal()] - mean[c]) / std[c];
      out[offset + c] = (float) Math.max(-CLIP, Math.min(CLIP, z));
    }
  }

  public int size() {
    return mean.length;
  }
}
