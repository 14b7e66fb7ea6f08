package io.fundarb.models.agents;

import io.fundarb.engine.env.VecCarryEnv;
import io.fundarb.models.ppo.VectorEnvironment;

/** The engine's vectorised carry environment as a PPO {@link VectorEnvironment}. */
record VecEnvAdapter(VecCarryEnv env) implements VectorEnvironment {
  @Override
  public int size() {
    return env.size();
  }

  @Override
  public int observationSize() {
    return env.observationSize();
  }

  @Override
  public void reset(float[] observations) {
    env.reset(observations);
  }

  @Override
  public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
    env.step(actions, observations, rewards, dones);
  }

  @Override
  public double takeMeanFinishedReturn() {
    return env.takeMeanFinishedReturn();
  }
}
