package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class AllocatorActionTest {
  /** A portfolio whose current shares the test sets. */
  private static AllocationState holding(double... shares) {
    return new RotationAllocationTest.Funding() {
      @Override
      public double weight(int opportunity) {
        return shares[opportunity];
      }
    };
  }

  @Test
  void outputsAreClippedScaledAndHeldInsideTheDeadband() {
    double[] w = new double[3];
    // Limit 0.5 per opportunity, deadband 0.1 of it = 0.05.
    AllocatorAction.toWeights(new float[] {0.5f, 2f, -1f}, 0, 0.5, 0.1, holding(0.23, 0, 0.1), w);
    assertArrayEquals(new double[] {0.23, 0.5, 0}, w, 1e-9, "0.25 is within 0.05 of 0.23: held; 2 clips to 1; -1 to 0");
    AllocatorAction.toWeights(new float[] {0.6f, Float.NaN, 0.1f}, 0, 0.5, 0.1, holding(0.23, 0.5, 0.1), w);
    assertArrayEquals(new double[] {0.3, Double.NaN, 0.1}, w, 1e-6, "NaN goes on to the limits, which count and zero it");
  }
}
