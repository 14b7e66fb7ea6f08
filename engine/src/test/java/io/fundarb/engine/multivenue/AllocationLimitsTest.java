package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AllocationLimitsTest {
  // Two carries, then spot on venue 0 against venue 1's perp, then venue 2's perp against venue 0's.
  private static final int[] LONG_VENUE = {0, 1, 0, 2};
  private static final int[] SHORT_VENUE = {0, 1, 1, 0};
  private static final double SLACK = 1e-12;

  @Provide
  Arbitrary<double[]> anything() {
    Arbitrary<Double> share = Arbitraries.oneOf(Arbitraries.doubles().between(-2, 3),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, -0.0));
    return share.array(double[].class).ofSize(LONG_VENUE.length);
  }

  @Provide
  Arbitrary<AllocationLimits> limits() {
    Arbitrary<Double> limit = Arbitraries.doubles().between(0.01, 1);
    return net.jqwik.api.Combinators.combine(limit, limit, limit).as(AllocationLimits::new);
  }

  /** Whatever a policy returns (NaN, infinities, negatives, too much), what trades is inside every limit. */
  @Property(tries = 500, seed = "21")
  void projectedAllocationsAreAlwaysInsideTheLimits(@ForAll("anything") double[] weights,
      @ForAll("limits") AllocationLimits limits) {
    limits.project(weights, LONG_VENUE, SHORT_VENUE, new double[3]);
    double total = 0;
    double[] perVenue = new double[3];
    for (int o = 0; o < weights.length; o++) {
      assertTrue(weights[o] >= 0 && weights[o] <= limits.maxPerOpportunity() + SLACK, "opportunity " + weights[o]);
      perVenue[LONG_VENUE[o]] += weights[o];
      if (SHORT_VENUE[o] != LONG_VENUE[o]) {
        perVenue[SHORT_VENUE[o]] += weights[o];
      }
      total += weights[o];
    }
    for (double v : perVenue) {
      assertTrue(v <= limits.maxPerVenue() + SLACK, "venue " + v);
    }
    assertTrue(total <= limits.maxTotal() + SLACK, "total " + total);
  }

  @Test
  void sharesInsideTheLimitsAreLeftAloneAndInvalidOnesCounted() {
    var limits = new AllocationLimits(0.5, 0.6, 1);
    double[] w = {0.3, 0.2, Double.NaN, -0.1};
    assertEquals(2, limits.project(w, LONG_VENUE, SHORT_VENUE, new double[3]));
    assertArrayEquals(new double[] {0.3, 0.2, 0, 0}, w, 1e-15);
    double[] over = {0.3, 0, 0.5, 0};
    limits.project(over, LONG_VENUE, SHORT_VENUE, new double[3]);
    // Venue 0 holds 0.8 (0.3 carry + 0.5 across): both of its opportunities scaled by 0.6 / 0.8.
    assertArrayEquals(new double[] {0.225, 0, 0.375, 0}, over, 1e-15, "one venue scaled down to 0.6");
    assertThrows(IllegalArgumentException.class, () -> new AllocationLimits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new AllocationLimits(0.5, 1.5, 1));
  }
}
