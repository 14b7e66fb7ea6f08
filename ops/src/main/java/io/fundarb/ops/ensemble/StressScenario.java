package io.fundarb.ops.ensemble;

import io.fundarb.engine.money.Rate;
import io.fundarb.engine.stress.Shock;
import io.fundarb.engine.time.Times;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The named stress scenarios of {@code fundarb stress}, each a {@link Shock} on every asset at one time. */
public enum StressScenario {
  /** Spot and perp fall 20 % within the first bar after the start (one hour, or the bar if coarser). */
  CRASH20("crash20") {
    @Override
    Shock shock(long start, long stepMs) {
      return new Shock.Crash(start, 0.20, (int) Math.max(1, Times.HOUR_MS / stepMs));
    }
  },
  /** Funding settles at +0.3 % for three settlements, then at -0.3 % for three: the squeeze that flips carry. */
  FUNDING_SPIKE("funding-spike") {
    @Override
    Shock shock(long start, long stepMs) {
      return new Shock.FundingSpike(start, Rate.parse("0.003"), 3);
    }
  },
  /** The basis widens by 5 % over a day. */
  BASIS_BLOWOUT("basis-blowout") {
    @Override
    Shock shock(long start, long stepMs) {
      return new Shock.BasisBlowout(start, 0.05, (int) Math.max(1, Times.DAY_MS / stepMs));
    }
  },
  /** No market data at all for two hours. */
  VENUE_OUTAGE("venue-outage") {
    @Override
    Shock shock(long start, long stepMs) {
      return new Shock.Outage(start, 2 * Times.HOUR_MS);
    }
  };

  private final String key;

  StressScenario(String key) {
    this.key = key;
  }

  abstract Shock shock(long start, long stepMs);

  public String key() {
    return key;
  }

  /** One scenario by name, or every one for {@code all}. */
  public static List<StressScenario> parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("all")) {
      return List.of(values());
    }
    return Arrays.stream(values()).filter(s -> s.key.equals(wanted)).findFirst().map(List::of).orElseThrow(() ->
        new IllegalArgumentException("unknown scenario '" + name + "'; scenarios: crash20, funding-spike, basis-blowout,"
            + " venue-outage, all"));
  }
}
