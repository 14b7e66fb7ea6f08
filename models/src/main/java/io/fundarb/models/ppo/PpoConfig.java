package io.fundarb.models.ppo;

/**
 * PPO hyper-parameters.
 *
 * @param hidden hidden layer widths of both the policy and the (separate) value network
 * @param learningRate Adam step size at the start; decays linearly to {@code learningRate *
 *     finalLearningRateFraction} over the run
 * @param envs environments stepped together; {@code rolloutSteps} steps each per epoch
 * @param updateEpochs passes over each rollout; {@code minibatch} samples per gradient step
 * @param clip surrogate ratio clip; {@code valueClip} clips value updates the same way (0: off)
 * @param targetKl stop an epoch's passes once the approximate KL exceeds 1.5x this (0: off)
 * @param maxGradNorm global gradient-norm clip
 */
public record PpoConfig(
    int[] hidden,
    float learningRate,
    float finalLearningRateFraction,
    int envs,
    int rolloutSteps,
    int updateEpochs,
    int minibatch,
    float gamma,
    float lambda,
    float clip,
    float valueClip,
    float valueCoefficient,
    float entropyCoefficient,
    float maxGradNorm,
    float targetKl,
    float initialLogStd,
    boolean normalizeObservations,
    long seed) {
  public PpoConfig {
    hidden = hidden.clone();
    if (hidden.length == 0 || java.util.Arrays.stream(hidden).anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden dims must be positive, e.g. 128,64");
    }
    if (!(learningRate > 0) || envs < 1 || rolloutSteps < 1 || updateEpochs < 1 || minibatch < 1) {
      throw new IllegalArgumentException("learning rate, envs, rollout steps, update epochs and minibatch must be positive");
    }
    if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1) || !(clip > 0)) {
      throw new IllegalArgumentException("need 0 <= gamma <= 1, 0 <= lambda <= 1 and clip > 0");
    }
  }

  /** Defaults in the spirit of common PPO implementations, for the given hidden layers. */
  public static Builder builder(int[] hidden, long seed) {
    return new Builder(hidden, seed);
  }

  public Builder toBuilder() {
    Builder b = new Builder(hidden, seed);
    b.learningRate = learningRate;
    b.finalLearningRateFraction = finalLearningRateFraction;
    b.envs = envs;
    b.rolloutSteps = rolloutSteps;
    b.updateEpochs = updateEpochs;
    b.minibatch = minibatch;
    b.gamma = gamma;
    b.lambda = lambda;
    b.clip = clip;
    b.valueClip = valueClip;
    b.valueCoefficient = valueCoefficient;
    b.entropyCoefficient = entropyCoefficient;
    b.maxGradNorm = maxGradNorm;
    b.targetKl = targetKl;
    b.initialLogStd = initialLogStd;
    b.normalizeObservations = normalizeObservations;
    return b;
  }

  /** Mutable staging for a {@link PpoConfig}; every field starts at a sensible default. */
  public static final class Builder {
    private int[] hidden;
    private long seed;
    private float learningRate = 3e-4f;
    private float finalLearningRateFraction = 0.1f;
    private int envs = 16;
    private int rolloutSteps = 128;
    private int updateEpochs = 3;
    private int minibatch = 64;
    private float gamma = 0.99f;
    private float lambda = 0.95f;
    private float clip = 0.2f;
    private float valueClip = 0.2f;
    private float valueCoefficient = 0.5f;
    private float entropyCoefficient = 0f;
    private float maxGradNorm = 0.5f;
    private float targetKl = 0.03f;
    private float initialLogStd = -0.5f;
    private boolean normalizeObservations = true;

    private Builder(int[] hidden, long seed) {
      this.hidden = hidden.clone();
      this.seed = seed;
    }

    public Builder hidden(int[] dims) {
      hidden = dims.clone();
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder learningRate(float rate, float finalFraction) {
      learningRate = rate;
      finalLearningRateFraction = finalFraction;
      return this;
    }

    public Builder rollout(int environments, int steps) {
      envs = environments;
      rolloutSteps = steps;
      return this;
    }

    public Builder updates(int epochs, int minibatchSize) {
      updateEpochs = epochs;
      minibatch = minibatchSize;
      return this;
    }

    public Builder returns(float discount, float gaeLambda) {
      gamma = discount;
      lambda = gaeLambda;
      return this;
    }

    public Builder clipping(float ratioClip, float valueUpdateClip, float gradNorm, float kl) {
      clip = ratioClip;
      valueClip = valueUpdateClip;
      maxGradNorm = gradNorm;
      targetKl = kl;
      return this;
    }

    public Builder coefficients(float value, float entropy) {
      valueCoefficient = value;
      entropyCoefficient = entropy;
      return this;
    }

    public Builder exploration(float logStd) {
      initialLogStd = logStd;
      return this;
    }

    public Builder normalizeObservations(boolean on) {
      normalizeObservations = on;
      return this;
    }

    public PpoConfig build() {
      return new PpoConfig(hidden, learningRate, finalLearningRateFraction, envs, rolloutSteps, updateEpochs, minibatch,
          gamma, lambda, clip, valueClip, valueCoefficient, entropyCoefficient, maxGradNorm, targetKl, initialLogStd,
          normalizeObservations, seed);
    }
  }

  public int samplesPerEpoch() {
    return envs * rolloutSteps;
  }
}
