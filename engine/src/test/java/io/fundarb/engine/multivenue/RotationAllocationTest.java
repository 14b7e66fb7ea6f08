package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fundarb.engine.strategy.AssetView;
import io.fundarb.engine.time.Times;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rotation baseline's entries, exits, minimum hold and hysteresis, on hand-set trailing funding. */
class RotationAllocationTest {
  /** Three opportunities whose trailing funding per year the test sets; round trip cost 0.3 %. */
  static class Funding implements AllocationState {
    final double[] annual = new double[3];
    long time;

    @Override
    public List<Opportunity> opportunities() {
      return List.of(Opportunity.carry("BTCUSDT", 0, "BINANCE", 0), Opportunity.carry("BTCUSDT", 1, "BYBIT", 0),
          Opportunity.carry("BTCUSDT", 2, "OKX", 0));
    }

    @Override
    public AssetView view(int venue, int asset) {
      throw new AssertionError("rotation decides on funding and costs only");
    }

    @Override
    public double roundTripCost(int opportunity) {
      return 0.003;
    }

    @Override
    public double annualFunding(int opportunity, int settlements) {
      return annual[opportunity];
    }

    @Override
    public long time() {
      return time;
    }


    @Override
    public double weight(int opportunity) {
      return 0;
    }

    @Override
    public double drawdown() {
      return 0;
    }


    double[] step(RotationAllocation rotation, long at, double... funding) {
      System.arraycopy(funding, 0, annual, 0, 3);
      time = at;
      double[] w = new double[3];
      rotation.allocate(this, w);
      return w;
    }
  }

  // top 1, 21 settlements, 7 days' minimum hold, 5 %/year margin, round trip paid over 90 days:
  // the hurdle is 0.3 % * 365 / 90 = 1.2167 % a year.
  private final RotationAllocation rotation = new RotationAllocation(1, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS);
  private final Funding state = new Funding();

  @Test
  void entersTheBestOnlyWhenItsFundingClearsTheCostHurdle() {
    assertArrayEquals(new double[] {0, 0, 0}, state.step(rotation, 0, 0.010, 0.012, 0.005), "below the hurdle");
    assertArrayEquals(new double[] {0, 1, 0}, state.step(rotation, Times.HOUR_MS, 0.010, 0.013, 0.005));
  }

  @Test
  void aBetterOpportunityTakesOverOnlyAfterTheMinimumHoldAndBeyondTheMargin() {
    long day = Times.DAY_MS;
    assertArrayEquals(new double[] {1, 0, 0}, state.step(rotation, 0, 0.10, 0.08, 0.05));
    assertArrayEquals(new double[] {1, 0, 0}, state.step(rotation, day, 0.10, 0.30, 0.05), "held for a day only");
    assertArrayEquals(new double[] {1, 0, 0}, state.step(rotation, 8 * day, 0.10, 0.149, 0.05), "within the margin");
    assertArrayEquals(new double[] {0, 1, 0}, state.step(rotation, 9 * day, 0.10, 0.151, 0.05), "past both");
  }

  @Test
  void negativeTrailingFundingExitsAtOnceEvenWithinTheMinimumHold() {
    assertArrayEquals(new double[] {1, 0, 0}, state.step(rotation, 0, 0.10, 0.08, 0.05));
    assertArrayEquals(new double[] {0, 1, 0}, state.step(rotation, Times.HOUR_MS, -0.01, 0.08, 0.05));
  }

  @Test
  void topTwoHoldsHalfEach() {
    var two = new RotationAllocation(2, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS);
    assertArrayEquals(new double[] {0.5, 0, 0.5}, state.step(two, 0, 0.10, 0.01, 0.05));
  }
}
