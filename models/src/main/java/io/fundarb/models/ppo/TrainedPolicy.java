package io.fundarb.models.ppo;

/**
 * A trained policy used for decisions: observations are scaled with the frozen training
 * statistics and the action is the distribution's mode (the Gaussian mean, clipped to the action
 * range, or the most likely choice), so evaluation is deterministic.
 */
public final class TrainedPolicy implements AutoCloseable {
  private final ActorCritic model;
  private final ObservationNormalizer normalizer;
  private final boolean normalize;
  private final float[] scratch;
  private final float[] out;

  public TrainedPolicy(ActorCritic model, ObservationNormalizer normalizer, boolean normalize) {
    this.model = model;
    this.normalizer = normalizer;
    this.normalize = normalize;
    normalizer.freeze();
    this.scratch = new float[model.inputSize()];
    this.out = new float[model.head().outputs()];
  }

  /** The action for one raw observation: actionSize numbers (a choice index for discrete heads). */
  public float[] act(float[] observation) {
    System.arraycopy(observation, 0, scratch, 0, scratch.length);
    if (normalize) {
      normalizer.normalize(scratch, 1);
    }
    model.act(scratch, 1, out, null);
    if (model.head() instanceof PolicyHead.Gaussian g) {
      float[] action = new float[g.dimensions()];
      for (int j = 0; j < action.length; j++) {
        action[j] = Math.max(g.low(), Math.min(g.high(), out[j]));
      }
      return action;
    }
    int best = 0;
    for (int j = 1; j < out.length; j++) {
      if (out[j] > out[best]) {
        best = j;
      }
    }
    return new float[] {best};
  }

  public ActorCritic model() {
    return model;
  }

  public ObservationNormalizer normalizer() {
    return normalizer;
  }

  @Override
  public void close() {
    model.close();
  }
}
