package io.fundarb.models.ppo;

/**
 * What PPO trains against: N environments stepped together, writing into caller-owned arrays.
 * An environment whose episode ends resets itself and returns its next first observation.
 */
public interface VectorEnvironment {
  int size();

  int observationSize();

  void reset(float[] observations);

  /** {@code actions} holds {@code size() x actionSize} numbers (a choice index for discrete heads). */
  void step(float[] actions, float[] observations, float[] rewards, boolean[] dones);

  /** Mean return of episodes finished since the last call, NaN if none. */
  double takeMeanFinishedReturn();
}
