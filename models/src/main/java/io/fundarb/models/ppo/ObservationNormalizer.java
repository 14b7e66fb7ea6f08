package io.fundarb.models.ppo;

/**
 * Running mean and variance of each observation dimension (parallel Welford updates), used to
 * scale network inputs to roughly unit range during training and frozen afterwards; the
 * statistics are saved with the model so inference scales exactly as training did.
 */
public final class ObservationNormalizer {
  private static final double CLIP = 10;
  private final double[] mean;
  private final double[] m2;
  private double count;
  private boolean frozen;
  private double[] scale = new double[0];

  public ObservationNormalizer(int size) {
    mean = new double[size];
    m2 = new double[size];
  }

  /** Restores saved statistics, frozen. */
  public ObservationNormalizer(double[] mean, double[] variance, double count) {
    this.mean = mean.clone();
    this.m2 = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      m2[i] = variance[i] * count;
    }
    this.count = count;
    this.frozen = true;
  }

  public void freeze() {
    frozen = true;
  }

  /** Folds {@code rows} observations (row-major) into the statistics unless frozen. */
  public void update(float[] observations, int rows) {
    if (frozen) {
      return;
    }
    int d = mean.length;
    for (int r = 0; r < rows; r++) {
      count++;
      for (int i = 0; i < d; i++) {
        double x = observations[r * d + i];
        double delta = x - mean[i];
        mean[i] += delta / count;
        m2[i] += delta * (x - mean[i]);
      }
    }
  }

  /** Scales {@code rows} observations in place: (x - mean) / sqrt(var + 1e-8), clipped to +/-10. */
  public void normalize(float[] observations, int rows) {
    int d = mean.length;
    if (scale.length != d) {
      scale = new double[d];
    }
    for (int i = 0; i < d; i++) {
      scale[i] = 1 / Math.sqrt(variance(i) + 1e-8);
    }
    for (int r = 0, k = 0; r < rows; r++) {
      for (int i = 0; i < d; i++, k++) {
        observations[k] = (float) Math.max(-CLIP, Math.min(CLIP, (observations[k] - mean[i]) * scale[i]));
      }
    }
  }

  private double variance(int i) {
    return count > 1 ? m2[i] / count : 1;
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] variance() {
    double[] v = new double[mean.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = variance(i);
    }
    return v;
  }

  public double count() {
    return count;
  }

  public int size() {
    return mean.length;
  }
}
