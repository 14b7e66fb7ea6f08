package io.fundarb.models.ppo;

/**
 * One epoch's experience, {@code steps x envs} samples laid out step-major, and the advantages
 * and returns computed from it with GAE(lambda).
 */
final class RolloutBuffer {
  final int steps;
  final int envs;
  final int observationSize;
  final int actionSize;
  final float[] observations;
  final float[] actions;
  final float[] logProbs;
  final float[] values;
  final float[] rewards;
  final boolean[] dones;
  final float[] advantages;
  final float[] returns;

  RolloutBuffer(int steps, int envs, int observationSize, int actionSize) {
    this.steps = steps;
    this.envs = envs;
    this.observationSize = observationSize;
    this.actionSize = actionSize;
    int n = steps * envs;
    observations = new float[n * observationSize];
    actions = new float[n * actionSize];
    logProbs = new float[n];
    values = new float[n];
    rewards = new float[n];
    dones = new boolean[n];
    advantages = new float[n];
    returns = new float[n];
  }

  int size() {
    return steps * envs;
  }

  /**
   * GAE: {@code delta = r + gamma * V(next) * (1 - done) - V}, {@code A = delta + gamma * lambda *
   * (1 - done) * A(next)}; returns are {@code A + V}. {@code lastValues} are the values of the
   * observations after the final step.
   */
  void computeAdvantages(float[] lastValues, float gamma, float lambda) {
    float[] nextAdvantage = new float[envs];
    for (int t = steps - 1; t >= 0; t--) {
      for (int e = 0; e < envs; e++) {
        int k = t * envs + e;
        float nextValue = t == steps - 1 ? lastValues[e] : values[k + envs];
        float live = dones[k] ? 0 : 1;
        float delta = rewards[k] + gamma * nextValue * live - values[k];
        nextAdvantage[e] = delta + gamma * lambda * live * nextAdvantage[e];
        advantages[k] = nextAdvantage[e];
        returns[k] = advantages[k] + values[k];
      }
    }
  }

  /** 1 - Var(returns - values) / Var(returns): how much of the return the critic explains. */
  double explainedVariance() {
    double meanR = 0;
    double meanD = 0;
    int n = size();
    for (int k = 0; k < n; k++) {
      meanR += returns[k];
      meanD += returns[k] - values[k];
    }
    meanR /= n;
    meanD /= n;
    double varR = 0;
    double varD = 0;
    for (int k = 0; k < n; k++) {
      varR += (returns[k] - meanR) * (returns[k] - meanR);
      double d = returns[k] - values[k] - meanD;
      varD += d * d;
    }
    return varR == 0 ? Double.NaN : 1 - varD / varR;
  }
}
