package io.fundarb.models.ppo;

/**
 * What the policy network outputs. A Gaussian head emits the mean of each action dimension; the
 * standard deviation is a learned, state-independent parameter. Sampled actions are kept
 * unsquashed for the log-probability and clipped to {@code [low, high]} only when applied, the
 * usual PPO treatment for bounded continuous actions. A categorical head emits one logit per
 * choice.
 */
public sealed interface PolicyHead permits PolicyHead.Gaussian, PolicyHead.Categorical {
  /** Numbers the policy network outputs per observation. */
  int outputs();

  /** Numbers an action takes in a step (dimensions, or 1 for a choice index). */
  int actionSize();

  record Gaussian(int dimensions, float low, float high) implements PolicyHead {
    public Gaussian {
      if (dimensions < 1 || !(low < high)) {
        throw new IllegalArgumentException("need at least one dimension and low < high");
      }
    }

    @Override
    public int outputs() {
      return dimensions;
    }

    @Override
    public int actionSize() {
      return dimensions;
    }
  }

  record Categorical(int choices) implements PolicyHead {
    public Categorical {
      if (choices < 2) {
        throw new IllegalArgumentException("a categorical head needs at least two choices");
      }
    }

    @Override
    public int outputs() {
      return choices;
    }

    @Override
    public int actionSize() {
      return 1;
    }
  }
}
