package io.fundarb.models.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PpoTrainerTest {
  private static PpoConfig config(long seed) {
    return PpoConfig.builder(new int[] {32, 32}, seed)
        .learningRate(3e-3f, 0.1f)
        .rollout(16, 32)
        .updates(4, 64)
        .returns(0.0f, 0.0f) // one-step tasks: the return is the reward
        .clipping(0.2f, 0f, 0.5f, 0f)
        .build();
  }

  @Test
  void aGaussianPolicyLearnsToTrackItsTargetWithinTheBudget() {
    try (PpoTrainer trainer = new PpoTrainer(new ToyEnvironments.TargetTracking(16, 1),
        new PolicyHead.Gaussian(1, -1, 1), config(42))) {
      EpochStats first = trainer.trainEpoch(0, 60);
      EpochStats last = first;
      for (int epoch = 1; epoch < 60; epoch++) {
        last = trainer.trainEpoch(epoch, 60);
      }
      TrainedPolicy policy = new TrainedPolicy(trainer.model(), trainer.normalizer(), true);
      double error = 0;
      for (float t = -0.9f; t <= 0.9f; t += 0.1f) {
        error += Math.abs(policy.act(new float[] {t})[0] - t);
      }
      error /= 19;
      assertTrue(error < 0.1, "mean |a - t| on the grid: " + error);
      assertTrue(last.meanEpisodeReturn() > -0.05, "sampled reward near 0: " + last);
      // a unit Gaussian's entropy is 1.419: the policy starts there and must have narrowed well below it
      assertTrue(last.entropy() < first.entropy() - 0.5, "exploration narrowed: " + first.entropy() + " -> "
          + last.entropy());
    }
  }

  @Test
  void aCategoricalPolicyFindsTheBetterArm() {
    try (PpoTrainer trainer = new PpoTrainer(new ToyEnvironments.TwoArmedBandit(16), new PolicyHead.Categorical(2),
        config(7))) {
      EpochStats last = null;
      for (int epoch = 0; epoch < 25; epoch++) {
        last = trainer.trainEpoch(epoch, 25);
      }
      assertTrue(last.meanEpisodeReturn() > 0.95, "pulls the paying arm almost always: " + last);
      assertEquals(1f, new TrainedPolicy(trainer.model(), trainer.normalizer(), true).act(new float[] {1})[0]);
    }
  }

  @Test
  void aMinibatchWithANonFiniteGradientIsSkippedAndTrainingGoesOn() {
    VectorEnvironment exploding = new ToyEnvironments.TargetTracking(4, 3) {
      @Override
      public void step(float[] actions, float[] observations, float[] rewards, boolean[] dones) {
        super.step(actions, observations, rewards, dones);
        rewards[0] = Float.POSITIVE_INFINITY;
      }
    };
    try (PpoTrainer trainer = new PpoTrainer(exploding, new PolicyHead.Gaussian(1, -1, 1), config(3))) {
      EpochStats stats = trainer.trainEpoch(0, 2);
      assertTrue(stats.skippedUpdates() > 0, "the infinite reward poisons the gradient: " + stats);
      trainer.trainEpoch(1, 2);
    }
  }

  @Test
  void aRunIsReproducibleFromItsSeed() throws IOException {
    byte[][] weights = new byte[2][];
    for (int run = 0; run < 2; run++) {
      try (PpoTrainer trainer = new PpoTrainer(new ToyEnvironments.TargetTracking(8, 3),
          new PolicyHead.Gaussian(1, -1, 1), config(11))) {
        for (int epoch = 0; epoch < 3; epoch++) {
          trainer.trainEpoch(epoch, 3);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.model().save(new DataOutputStream(bytes));
        weights[run] = bytes.toByteArray();
      }
    }
    assertArrayEquals(weights[0], weights[1]);
  }

  @Test
  void memoryStaysFlatOverManyUpdates() throws IOException {
    try (PpoTrainer trainer = new PpoTrainer(new ToyEnvironments.TargetTracking(16, 5),
        new PolicyHead.Gaussian(1, -1, 1), config(5))) {
      NDManager manager = trainer.model().manager();
      for (int epoch = 0; epoch < 20; epoch++) {
        trainer.trainEpoch(epoch, 170);
      }
      int arrays = manager.getManagedArrays().size();
      long before = nativeKb();
      for (int epoch = 20; epoch < 170; epoch++) { // 150 epochs x 24 minibatch updates
        trainer.trainEpoch(epoch, 170);
      }
      assertEquals(arrays, manager.getManagedArrays().size(), "no NDArray outlives its step");
      long growth = nativeKb() - before;
      assertTrue(growth < 32 * 1024, "native resident memory grew " + growth + " kB over 3,600 updates");
    }
  }

  /**
   * Resident memory after a collection. The test JVM's heap is fixed and pre-touched (see the
   * module's surefire argLine), so growth here is native: what a leak of tensors would grow.
   * Collecting first releases transfer buffers that are already unreachable.
   */
  private static long nativeKb() throws IOException {
    System.gc();
    return residentKb();
  }

  private static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
