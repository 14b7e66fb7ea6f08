package io.fundarb.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The ring's statistics are bit-identical to summing the pushed values newest first, whatever the
 * capacity, the number pushed (wrapping the ring or not) and the suffix asked for: features (and
 * every model trained on them) must not move when the window's bookkeeping does.
 */
class RollingWindowPropertyTest {
  @Property(tries = 2000, seed = "23")
  void suffixStatisticsEqualTheNewestFirstSums(
      @ForAll @Size(min = 0, max = 60) List<@DoubleRange(min = -1e6, max = 1e6) Double> pushed,
      @ForAll @IntRange(min = 1, max = 17) int capacity,
      @ForAll @IntRange(min = 0, max = 20) int n,
      @ForAll @IntRange(min = 0, max = 20) int back) {
    RollingWindow window = new RollingWindow(capacity);
    List<Double> newestFirst = new ArrayList<>();
    for (double v : pushed) {
      window.push(v);
      newestFirst.add(0, v);
    }
    List<Double> kept = newestFirst.subList(0, Math.min(capacity, newestFirst.size()));
    int k = Math.min(n, kept.size());
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += kept.get(j);
    }
    double mean = k == 0 ? 0 : sum / k;
    assertEquals(kept.size(), window.size());
    assertEquals(mean, window.mean(n), 0.0, "mean of the newest " + n);
    double squares = 0;
    for (int j = 0; j < k; j++) {
      squares += (kept.get(j) - mean) * (kept.get(j) - mean);
    }
    assertEquals(k < 2 ? 0 : Math.sqrt(squares / k), window.std(n), 0.0, "std of the newest " + n);
    assertEquals(back < kept.size() ? kept.get(back) : -7.0, window.get(back, -7.0), 0.0);
  }
}
