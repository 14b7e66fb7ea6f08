package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.NoLookAheadPropertyTest;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AllocatorEnvTest {
  private static final List<MarketData> DATA = List.of("BINANCE", "BYBIT", "OKX").stream().map(RealData::load).toList();
  private static final List<VenueMarket> MARKETS = PortfolioNoLookAheadTest.markets(DATA);
  private static final Opportunities.Offered OFFERED = Opportunities.of(MARKETS, true);
  private static final AllocationLimits LIMITS = new AllocationLimits(0.5, 0.6, 1);
  private static final PortfolioSettings SETTINGS = new PortfolioSettings(LIMITS,
      new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);

  private static AllocatorEnv env(AllocatorReward reward, long seed) {
    return new AllocatorEnv(MARKETS, OFFERED, RealData.config("allocator"), SETTINGS, reward, 90, 21, 0.1,
        DATA.get(0).from(), seed);
  }

  @Test
  void withoutPenaltiesAnEpisodesRewardsAddUpToItsChangeInEquity() {
    AllocatorEnv env = env(new AllocatorReward(1e4, 0, 0), 3);
    float[] obs = new float[env.observationSize()];
    float[] action = new float[env.actionSize()];
    Arrays.fill(action, 0.4f);
    env.reset(obs, 0);
    long start = env.episodeEquity();
    double total = 0;
    int decisions = 0;
    while (!env.done()) {
      total += env.step(action, 0, obs, 0);
      decisions++;
    }
    assertEquals(5, decisions, "90 steps, a decision every 21: five decisions, the last one short");
    double expected = 1e4 * (env.episodeEquity() - start) / RealData.SIZING.capital();
    assertEquals(expected, total, 1e-6);
    assertTrue(env.episodeEquity() != start, "the episode traded");
  }

  /** Whatever the network outputs (NaN, out of range, noise), every allocation held is inside the limits. */
  @Property(tries = 8, seed = "21")
  void theAllocationsAnEpisodeHoldsAreAlwaysInsideTheLimits(@ForAll long seed) {
    AllocatorEnv env = env(new AllocatorReward(1e4, 0.0002, 1), seed);
    float[] obs = new float[env.observationSize()];
    float[] action = new float[env.actionSize()];
    SplittableRandom random = new SplittableRandom(seed);
    env.reset(obs, 0);
    while (!env.done()) {
      for (int o = 0; o < action.length; o++) {
        int pick = random.nextInt(10);
        action[o] = pick == 0 ? Float.NaN : pick == 1 ? 5f : pick == 2 ? -3f : (float) random.nextDouble(-0.2, 1.2);
      }
      env.step(action, 0, obs, 0);
      double[] perVenue = new double[3];
      double total = 0;
      for (int o = 0; o < action.length; o++) {
        double w = env.weight(o);
        Opportunity op = OFFERED.opportunities().get(o);
        assertTrue(w >= 0 && w <= LIMITS.maxPerOpportunity() + 1e-12, "opportunity " + w);
        perVenue[op.longLeg().venue()] += w;
        if (op.crossVenue()) {
          perVenue[op.shortLeg().venue()] += w;
        }
        total += w;
      }
      for (double v : perVenue) {
        assertTrue(v <= LIMITS.maxPerVenue() + 1e-12, "venue " + v);
      }
      assertTrue(total <= LIMITS.maxTotal() + 1e-12, "total " + total);
    }
  }

  /** The allocator's inputs at a step never change when every venue's future is scrambled. */
  @Property(tries = 6, seed = "21")
  void theAllocatorsInputsDependOnlyOnThePast(@ForAll @IntRange(min = 100, max = 1300) int cutStep,
      @ForAll long seed) {
    List<float[]> original = inputs(MARKETS, Long.MAX_VALUE);
    long cut = DATA.get(0).from() + (long) cutStep * 8 * Times.HOUR_MS;
    Random random = new Random(seed);
    List<VenueMarket> scrambled = PortfolioNoLookAheadTest.markets(DATA.stream()
        .map(d -> NoLookAheadPropertyTest.scrambleAfter(d, cut, random).slice(d.from(), cut + 4 * 8 * Times.HOUR_MS))
        .toList());
    List<float[]> seen = inputs(scrambled, cut);
    assertTrue(seen.size() > 50);
    for (int k = 0; k < seen.size(); k++) {
      assertArrayEquals(original.get(k), seen.get(k), "inputs at step " + k);
    }
  }

  /** The inputs at every decision up to {@code until}, under a fixed allocation. */
  private static List<float[]> inputs(List<VenueMarket> markets, long until) {
    List<float[]> out = new ArrayList<>();
    AllocationPolicy recording = new AllocationPolicy() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public void allocate(AllocationState state, double[] weights) {
        if (state.time() <= until) {
          float[] obs = new float[AllocatorInputs.size(weights.length)];
          AllocatorInputs.observe(state, obs, 0);
          out.add(obs);
        }
        Arrays.fill(weights, 0.1);
      }
    };
    new MultiVenueBacktester(markets, OFFERED, RealData.config("allocator"), SETTINGS, recording).run();
    return out;
  }
}
