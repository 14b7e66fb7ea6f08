package io.fundarb.engine.stress;

import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random stress events for training a risk gate: the three kinds in turn, at seeded random times. */
public final class ShockScenarios {
  private ShockScenarios() {}

  /**
   * {@code count} shocks on {@code asset}, starting at random bar boundaries in [from, to) of a
   * series with {@code stepMs} bars: a 20 % crash within one bar, a +/-0.3 % funding squeeze over
   * three settlements each, and a 5 % basis blow-out building over one day, in turn.
   */
  public static List<EnvData.AssetShock> random(AssetId asset, long from, long to, long stepMs, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<EnvData.AssetShock> shocks = new ArrayList<>();
    long steps = Math.max(1, (to - from) / stepMs);
    for (int k = 0; k < count; k++) {
      long start = from + random.nextLong(steps) * stepMs;
      Shock shock = switch (k % 3) {
        case 0 -> new Shock.Crash(start, 0.20, 1);
        case 1 -> new Shock.FundingSpike(start, Rate.parse("0.003"), 3);
        default -> new Shock.BasisBlowout(start, 0.05, (int) Math.max(1, Times.DAY_MS / stepMs));
      };
      shocks.add(new EnvData.AssetShock(asset, shock));
    }
    return shocks;
  }
}
