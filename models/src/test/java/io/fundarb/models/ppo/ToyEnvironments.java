package io.fundarb.models.ppo;

import java.util.SplittableRandom;

/** Tiny tasks with known optima, for testing PPO itself. */
final class ToyEnvironments {
  private ToyEnvironments() {}

  /** Observe a target t in [-1, 1]; reward -(a - t)^2; one-step episodes. The optimum is a = t. */
  static class TargetTracking implements VectorEnvironment {
    private final int n;
    private final SplittableRandom random;
    private final float[] targets;
    private double returnSum;
    private int finished;

    TargetTracking(int n, long seed) {
      this.n = n;
      this.random = new SplittableRandom(seed);
      this.targets = new float[n];
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public int observationSize() {
      return 1;
    }

    @Override
    public void reset(float[] observations) {
      for (int i = 0; i < n; i++) {
        targets[i] = (float) (random.nextDouble() * 2 - 1);
        observations[i] = targets[i];
      }
    }

    @Override
    public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
      for (int i = 0; i < n; i++) {
        float error = actions[i] - targets[i];
        rewards[i] = -error * error;
        dones[i] = true;
        returnSum += rewards[i];
        finished++;
      }
      reset(observations);
    }

    @Override
    public double takeMeanFinishedReturn() {
      double mean = finished == 0 ? Double.NaN : returnSum / finished;
      returnSum = 0;
      finished = 0;
      return mean;
    }
  }

  /** Two arms: arm 1 pays 1, arm 0 pays 0; one-step episodes. The optimum always pulls arm 1. */
  static final class TwoArmedBandit implements VectorEnvironment {
    private final int n;
    private double returnSum;
    private int finished;

    TwoArmedBandit(int n) {
      this.n = n;
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public int observationSize() {
      return 1;
    }

    @Override
    public void reset(float[] observations) {
      java.util.Arrays.fill(observations, 0, n, 1f);
    }

    @Override
    public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
      for (int i = 0; i < n; i++) {
        rewards[i] = actions[i] == 1f ? 1f : 0f;
        dones[i] = true;
        returnSum += rewards[i];
        finished++;
      }
      reset(observations);
    }

    @Override
    public double takeMeanFinishedReturn() {
      double mean = finished == 0 ? Double.NaN : returnSum / finished;
      returnSum = 0;
      finished = 0;
      return mean;
    }
  }
}
