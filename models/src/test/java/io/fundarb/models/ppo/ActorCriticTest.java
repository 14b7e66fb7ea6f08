package io.fundarb.models.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ActorCriticTest {
  /**
   * A network built on another thread than the engine's first (a node loading a model version to
   * swap in, where autograd is on) gets its initial policy rows and prior like any other.
   */
  @Test
  void aNetworkBuiltOnAFreshThreadStartsAtItsPriorWithSmallPolicyRows() throws Exception {
    DjlRuntime.start(7);
    float[] policy = new float[1];
    float[] value = new float[1];
    float[][] rows = CompletableFuture.supplyAsync(() -> {
      try (ActorCritic net = new ActorCritic(4, new int[] {8}, new PolicyHead.Gaussian(1, -1, 1), 0f,
          new float[] {0.3f})) {
        net.act(new float[4], 1, policy, value);
        Parameter weight = net.parameters().stream()
            .filter(p -> p.getArray().getShape().equals(new ai.djl.ndarray.types.Shape(2, 8))).findFirst().orElseThrow();
        float[] w = weight.getArray().toFloatArray();
        return new float[][] {java.util.Arrays.copyOfRange(w, 0, 8), java.util.Arrays.copyOfRange(w, 8, 16)};
      }
    }, runnable -> new Thread(runnable, "fresh").start()).get();
    assertEquals(0.3f, policy[0], 1e-6, "zero features: the policy output is the prior");
    assertTrue(maxAbs(rows[0]) < 0.1 * maxAbs(rows[1]), "policy row scaled down against the value row");
  }

  private static double maxAbs(float[] v) {
    double max = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
