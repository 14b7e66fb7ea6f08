package io.fundarb.engine.env;

import java.util.SplittableRandom;

/**
 * N {@link CarryEnv}s stepped together over the same read-only {@link EnvData}, writing
 * observations, rewards and end flags into caller-owned arrays (no allocation per step). An
 * environment whose episode ended is reset at once, so the observation it returns is the first of
 * its next episode. Deterministic under a seed: each environment draws from its own stream.
 */
public final class VecCarryEnv {
  private final CarryEnv[] envs;
  private final int observationSize;
  private final double[] episodeReturn;
  private double finishedSum;
  private int finishedSince;
  private long finishedTotal;

  public VecCarryEnv(EnvData data, EnvConfig config, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one environment");
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    envs = new CarryEnv[count];
    for (int i = 0; i < count; i++) {
      envs[i] = new CarryEnv(data, config, seeds.nextLong());
    }
    observationSize = envs[0].observationSize();
    episodeReturn = new double[count];
  }

  public int size() {
    return envs.length;
  }

  public int observationSize() {
    return observationSize;
  }

  public CarryEnv env(int i) {
    return envs[i];
  }

  /** Resets every environment and writes their first observations. */
  public void reset(float[] observations) {
    for (int i = 0; i < envs.length; i++) {
      envs[i].reset();
      envs[i].observe(observations, i * observationSize);
      episodeReturn[i] = 0;
    }
  }

  /**
   * Steps environment {@code i} with {@code actions[i]}; fills {@code observations} (N x size),
   * {@code rewards} and {@code dones}.
   */
  public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
    for (int i = 0; i < envs.length; i++) {
      CarryEnv env = envs[i];
      double reward = env.step(actions[i]);
      rewards[i] = (float) reward;
      episodeReturn[i] += reward;
      dones[i] = env.done();
      if (dones[i]) {
        finishedSum += episodeReturn[i];
        finishedSince++;
        finishedTotal++;
        episodeReturn[i] = 0;
        env.reset();
      }
      env.observe(observations, i * observationSize);
    }
  }

  /** Mean return of the episodes finished since the last call (NaN if none), for progress logs. */
  public double takeMeanFinishedReturn() {
    double mean = finishedSince == 0 ? Double.NaN : finishedSum / finishedSince;
    finishedSum = 0;
    finishedSince = 0;
    return mean;
  }

  public long finishedEpisodes() {
    return finishedTotal;
  }
}
