package io.fundarb.engine.stress;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;

import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;


/**
 * A stress event injected into one asset's market history, starting at {@code start} (epoch ms,
 * the open time of the first affected bar or the first affected settlement). Applying a shock
 * returns new series; the original data is never modified.
 */
public sealed interface Shock permits Shock.Crash, Shock.FundingSpike, Shock.BasisBlowout, Shock.Outage {
  long start();

  AssetSeries applyTo(AssetSeries series);

  String label();

  /**
   * Spot and perp fall by {@code fraction} over {@code bars} bars and stay there: a crash, not a
   * wick. High and low of each bar follow the path.
   */
  record Crash(long start, double fraction, int bars) implements Shock {
    public Crash {
      if (!(fraction > 0 && fraction < 1) || bars < 1) {
        throw new IllegalArgumentException("crash needs 0 < fraction < 1 and at least one bar");
      }
    }

    @Override
    public AssetSeries applyTo(AssetSeries s) {
      return new AssetSeries(s.asset(), scale(s.spot(), this::factor), scale(s.perp(), this::factor), s.funding());
    }

    private double factor(long openTime, long interval) {
      if (openTime < start) {
        return 1;
      }
      double progress = Math.min(bars, (openTime - start) / interval + 1) / (double) bars;
      return 1 - fraction * progress;
    }

    @Override
    public String label() {
      return String.format(java.util.Locale.ROOT, "crash %.0f %% over %d bars", fraction * 100, bars);
    }
  }

  /**
   * Funding settles at {@code rate} for {@code settlements} settlements, then at {@code -rate}
   * for as many: the squeeze that turns a carry's income into a cost.
   */
  record FundingSpike(long start, long rate, int settlements) implements Shock {
    @Override
    public AssetSeries applyTo(AssetSeries s) {
      long[] rates = s.funding().rate().clone();
      int first = 0;
      while (first < rates.length && s.funding().time()[first] < start) {
        first++;
      }
      for (int k = 0; k < 2 * settlements && first + k < rates.length; k++) {
        rates[first + k] = k < settlements ? rate : -rate;
      }
      return new AssetSeries(s.asset(), s.spot(), s.perp(), new FundingSeries(s.funding().time(), rates));
    }

    @Override
    public String label() {
      return "funding " + Rate.toString(rate) + " then " + Rate.toString(-rate) + " for " + settlements + " settlements each";
    }
  }

  /**
   * The perp moves {@code fraction} away from spot over {@code bars} bars, stays there as long,
   * and converges back as long: the mark-to-market loss a short perp suffers while fully hedged.
   */
  record BasisBlowout(long start, double fraction, int bars) implements Shock {
    @Override
    public AssetSeries applyTo(AssetSeries s) {
      return new AssetSeries(s.asset(), s.spot(), scale(s.perp(), this::factor), s.funding());
    }

    private double factor(long openTime, long interval) {
      if (openTime < start) {
        return 1;
      }
      long k = (openTime - start) / interval + 1;
      double shape;
      if (k <= bars) {
        shape = k / (double) bars;
      } else if (k <= 2L * bars) {
        shape = 1;
      } else {
        shape = Math.max(0, 1 - (k - 2.0 * bars) / bars);
      }
      return 1 + fraction * shape;
    }

    @Override
    public String label() {
      return String.format(java.util.Locale.ROOT, "basis %+.0f %% over %d bars", fraction * 100, bars);
    }
  }

  /** No bars and no funding for {@code durationMs}: the venue's data feed is down. */
  record Outage(long start, long durationMs) implements Shock {
    @Override
    public AssetSeries applyTo(AssetSeries s) {
      return new AssetSeries(s.asset(), drop(s.spot()), drop(s.perp()), dropFunding(s.funding()));
    }

    private boolean inside(long time) {
      return time >= start && time < start + durationMs;
    }

    private Bars drop(Bars b) {
      int[] keep = java.util.stream.IntStream.range(0, b.size()).filter(r -> !inside(b.closeTime(r))).toArray();
      return new Bars(b.intervalMs(), pick(b.openTime(), keep), pick(b.open(), keep), pick(b.high(), keep),
          pick(b.low(), keep), pick(b.close(), keep), pick(b.volume(), keep), pickDoubles(b.quoteVolume(), keep),
          pick(b.trades(), keep));
    }

    private FundingSeries dropFunding(FundingSeries f) {
      int[] keep = java.util.stream.IntStream.range(0, f.size()).filter(r -> !inside(f.time()[r])).toArray();
      return new FundingSeries(pick(f.time(), keep), pick(f.rate(), keep));
    }

    @Override
    public String label() {
      return "no data for " + durationMs / 60_000 + " minutes";
    }
  }

  /** Multiplies a bar series' prices by a per-bar factor (exactly, then rounded half-even). */
  private static Bars scale(Bars b, PriceFactor factor) {
    long[] o = b.open().clone();
    long[] h = b.high().clone();
    long[] l = b.low().clone();
    long[] c = b.close().clone();
    for (int r = 0; r < b.size(); r++) {
      double f = factor.at(b.openTime()[r], b.intervalMs());
      if (f != 1) {
        long rate = Rate.ofDouble(f);
        o[r] = Rate.apply(o[r], rate, RoundingMode.HALF_EVEN);
        h[r] = Rate.apply(h[r], rate, RoundingMode.HALF_EVEN);
        l[r] = Rate.apply(l[r], rate, RoundingMode.HALF_EVEN);
        c[r] = Rate.apply(c[r], rate, RoundingMode.HALF_EVEN);
        if (r > 0) {
          // The move happens inside the bar: its range spans from the previous close.
          h[r] = Math.max(h[r], c[r - 1]);
          l[r] = Math.min(l[r], c[r - 1]);
          o[r] = c[r - 1];
        }
      }
    }
    return new Bars(b.intervalMs(), b.openTime(), o, h, l, c, b.volume(), b.quoteVolume(), b.trades());
  }

  /** Price multiplier for the bar opening at {@code openTime}. */
  @FunctionalInterface
  interface PriceFactor {
    double at(long openTime, long interval);
  }

  private static double[] pickDoubles(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      out[k] = values[rows[k]];
    }
    return out;
  }

  private static long[] pick(long[] values, int[] rows) {
    long[] out = new long[rows.length];
    for (int k = 0; k < rows.length; k++) {
      out[k] = values[rows[k]];
    }
    return out;
  }

}
