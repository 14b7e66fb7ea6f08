package io.fundarb.engine.env;

/**
 * How an agent's action becomes a target hedge ratio. Either a continuous target in
 * {@code [low, high]} (e.g. [-1, 1] for carry and reverse carry, [0, 1] for a risk gate) that
 * only moves when it changes by at least {@code deadband} (small wiggles would only pay fees), or a
 * discrete choice: 0 = hold the current target, 1 = exit to flat, 2 + k = enter at size bucket
 * {@code buckets[k]} (signed: negative buckets are reverse carry).
 */
public sealed interface ActionSpace permits ActionSpace.Continuous, ActionSpace.Discrete {
  /** Numbers the network outputs per step: action dimensions, or choices for a discrete space. */
  int size();

  /** Target hedge ratio for {@code action} given the current target. */
  double target(float action, double current);

  record Continuous(double low, double high, double deadband) implements ActionSpace {
    public Continuous {
      if (!(low < high) || low < -1 || high > 1 || !(deadband >= 0)) {
        throw new IllegalArgumentException("continuous targets need -1 <= low < high <= 1 and a non-negative deadband");
      }
    }

    public Continuous(double low, double high) {
      this(low, high, 0);
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    public double target(float action, double current) {
      if (Float.isNaN(action)) {
        return current;
      }
      double wanted = Math.max(low, Math.min(high, action));
      return Math.abs(wanted - current) < deadband && wanted != low && wanted != high ? current : wanted;
    }
  }

  record Discrete(double[] buckets) implements ActionSpace {
    public Discrete {
      buckets = buckets.clone();
      for (double b : buckets) {
        if (!(b >= -1 && b <= 1) || b == 0) {
          throw new IllegalArgumentException("size buckets must be non-zero and within [-1, 1]");
        }
      }
    }

    @Override
    public int size() {
      return 2 + buckets.length;
    }

    @Override
    public double target(float action, double current) {
      int choice = (int) action;
      if (choice <= 0 || choice >= size()) {
        return current;
      }
      return choice == 1 ? 0 : buckets[choice - 2];
    }
  }
}
