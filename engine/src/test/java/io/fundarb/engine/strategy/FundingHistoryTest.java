package io.fundarb.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.money.Rate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FundingHistoryTest {
  /** Any window's mean is the exact mean of the last rates, whatever came before and however large. */
  @Property(tries = 300, seed = "20261205")
  void aWindowsMeanIsTheExactMeanOfItsRates(@ForAll("rates") List<Long> rates, @ForAll @IntRange(min = 1, max = 600) int n) {
    FundingHistory history = new FundingHistory();
    for (long r : rates) {
      history.add(r);
    }
    int k = Math.min(Math.min(n, rates.size()), FundingHistory.CAPACITY);
    if (k == 0) {
      assertEquals(0.0, history.average(n));
      return;
    }
    BigDecimal sum = BigDecimal.ZERO;
    double magnitude = 0;
    for (int j = rates.size() - k; j < rates.size(); j++) {
      sum = sum.add(BigDecimal.valueOf(rates.get(j), Rate.SCALE));
      magnitude += Math.abs(Rate.toDouble(rates.get(j))) / k;
    }
    double exact = sum.divide(BigDecimal.valueOf(k), MathContext.DECIMAL128).doubleValue();
    // doubles carry ~16 digits of the rates' magnitude, whichever way the window is summed
    assertEquals(exact, history.average(n), magnitude * 1e-12 + 1e-18, "window " + n + " of " + rates.size());
  }

  @Test
  void theMeanOfTheLastThreeByHand() {
    FundingHistory history = new FundingHistory();
    for (String r : List.of("0.0001", "0.0003", "-0.0002", "0.0005")) {
      history.add(Rate.parse(r));
    }
    assertEquals(0.0002, history.average(3), 1e-18); // (0.0003 - 0.0002 + 0.0005) / 3
    assertEquals(0.000175, history.average(10), 1e-18); // all four
    assertEquals(0.0005, history.last());
  }

  @Provide
  Arbitrary<List<Long>> rates() {
    Arbitrary<Long> usual = Arbitraries.longs().between(-Rate.ONE / 20, Rate.ONE / 20);
    Arbitrary<Long> extreme = Arbitraries.longs().between(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, usual), net.jqwik.api.Tuple.of(1, extreme))
        .list().ofMaxSize(1500);
  }
}
