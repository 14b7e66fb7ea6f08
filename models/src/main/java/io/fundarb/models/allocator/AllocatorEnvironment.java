package io.fundarb.models.allocator;

import io.fundarb.engine.env.EpisodeReturns;
import io.fundarb.engine.multivenue.AllocatorEnv;
import io.fundarb.models.ppo.VectorEnvironment;
import java.util.List;

/** N allocator episodes stepped together for PPO; a finished one starts over at a new random step. */
final class AllocatorEnvironment implements VectorEnvironment {
  private final List<AllocatorEnv> envs;
  private final EpisodeReturns returns;
  private final int observationSize;
  private final int actionSize;

  AllocatorEnvironment(List<AllocatorEnv> envs) {
    this.envs = List.copyOf(envs);
    this.returns = new EpisodeReturns(envs.size());
    this.observationSize = envs.get(0).observationSize();
    this.actionSize = envs.get(0).actionSize();
  }

  @Override
  public int size() {
    return envs.size();
  }

  @Override
  public int observationSize() {
    return observationSize;
  }

  @Override
  public void reset(float[] observations) {
    for (int i = 0; i < envs.size(); i++) {
      envs.get(i).reset(observations, i * observationSize);
    }
    returns.restartAll();
  }

  @Override
  public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
    for (int i = 0; i < envs.size(); i++) {
      AllocatorEnv env = envs.get(i);
      double reward = env.step(actions, i * actionSize, observations, i * observationSize);
      rewards[i] = (float) reward;
      returns.add(i, reward);
      dones[i] = env.done();
      if (dones[i]) {
        returns.finish(i);
        env.reset(observations, i * observationSize);
      }
    }
  }

  @Override
  public double takeMeanFinishedReturn() {
    return returns.takeMean();
  }
}
