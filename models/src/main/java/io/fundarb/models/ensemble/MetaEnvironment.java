package io.fundarb.models.ensemble;

import io.fundarb.engine.env.CarryEnv;
import io.fundarb.engine.env.EnvConfig;
import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.env.EpisodeReturns;
import io.fundarb.models.ppo.VectorEnvironment;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Stage-two training ground: N carry environments whose observation is the ensemble's meta
 * observation. Each step the frozen agents propose on the environment's real position, the
 * controller's action goes through the same {@link EnsembleDecider} (and so the same risk
 * projection) as at run time, and the environment trades the projected target and pays the
 * portfolio-level reward. A finished episode resets with fresh agent state.
 */
final class MetaEnvironment implements VectorEnvironment {
  private final CarryEnv[] envs;
  private final EnsembleDecider[] deciders;
  private final Supplier<EnsembleDecider> newDecider;
  private final EpisodeReturns returns;

  /** @param config must map an action to itself: continuous [-1, 1] without deadband, target scale 1 */
  MetaEnvironment(EnvData data, EnvConfig config, int count, long seed, Supplier<EnsembleDecider> newDecider) {
    if (config.targetScale() != 1 || config.actions().target(0.37f, 0) != 0.37f) {
      throw new IllegalArgumentException("the meta environment trades projected targets as they are");
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    envs = new CarryEnv[count];
    for (int i = 0; i < count; i++) {
      envs[i] = new CarryEnv(data, config, seeds.nextLong());
    }
    deciders = new EnsembleDecider[count];
    this.newDecider = newDecider;
    returns = new EpisodeReturns(count);
  }

  @Override
  public int size() {
    return envs.length;
  }

  @Override
  public int observationSize() {
    return MetaInputs.SIZE;
  }

  @Override
  public void reset(float[] observations) {
    for (int i = 0; i < envs.length; i++) {
      start(i, observations);
    }
    returns.restartAll();
  }

  private void start(int i, float[] observations) {
    envs[i].reset();
    deciders[i] = newDecider.get();
    observe(i, observations);
  }

  private void observe(int i, float[] observations) {
    System.arraycopy(deciders[i].observe(envs[i].view()), 0, observations, i * MetaInputs.SIZE, MetaInputs.SIZE);
  }

  @Override
  public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
    for (int i = 0; i < envs.length; i++) {
      double target = deciders[i].decide(actions[i], envs[i].view());
      double reward = envs[i].step((float) target);
      rewards[i] = (float) reward;
      returns.add(i, reward);
      dones[i] = envs[i].done();
      if (dones[i]) {
        returns.finish(i);
        start(i, observations);
      } else {
        observe(i, observations);
      }
    }
  }

  @Override
  public double takeMeanFinishedReturn() {
    return returns.takeMean();
  }
}
