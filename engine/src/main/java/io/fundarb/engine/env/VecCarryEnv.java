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
  private final EpisodeReturns returns;

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
    returns = new EpisodeReturns(count);
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
    }
    returns.restartAll();
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
      returns.add(i, reward);
      dones[i] = env.done();
      if (dones[i]) {
        returns.finish(i);
        env.reset();
      }
      env.observe(observations, i * observationSize);
    }
  }

  /** Mean return of the episodes finished since the last call (NaN if none), for progress logs. */
  public double takeMeanFinishedReturn() {
    return returns.takeMean();
  }

  public long finishedEpisodes() {
    return returns.finishedTotal();
  }
}
