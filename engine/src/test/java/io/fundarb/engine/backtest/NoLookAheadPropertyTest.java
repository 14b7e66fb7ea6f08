package io.fundarb.engine.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.SentimentSeries;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Decisions may depend only on the past: scrambling every event after a cut (prices, volumes,
 * funding and sentiment, each permuted among themselves) must leave every fill and equity sample
 * up to the cut unchanged.
 */
public class NoLookAheadPropertyTest {
  private static final MarketData DATA = RealData.load("BINANCE");
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");

  @Property(tries = 12, seed = "2024")
  void shufflingTheFutureNeverChangesThePast(
      @ForAll @IntRange(min = 30, max = 1300) int cutStep, @ForAll long seed, @ForAll boolean carry) {
    String strategy = carry ? "carry" : "threshold";
    BacktestResult original = new Backtester(DATA, UNIVERSE, RealData.config(strategy)).run();
    long cut = original.equity().time(cutStep);
    BacktestResult scrambled =
        new Backtester(scrambleAfter(DATA, cut, new Random(seed)), UNIVERSE, RealData.config(strategy)).run();

    for (int k = 0; k <= cutStep; k++) {
      assertEquals(original.equity().equity(k), scrambled.equity().equity(k), "equity at step " + k);
    }
    // Orders decided at the cut fill at the next step, priced from data known at the cut.
    long horizon = original.equity().time(cutStep + 1);
    assertEquals(fillsBefore(original, horizon), fillsBefore(scrambled, horizon));
  }

  private static List<Fill> fillsBefore(BacktestResult result, long time) {
    return result.journal().fills().stream().filter(f -> f.time() < time).toList();
  }

  public static MarketData scrambleAfter(MarketData data, long cut, Random random) {
    List<AssetSeries> assets = data.assets().stream()
        .map(a -> new AssetSeries(a.asset(), scramble(a.spot(), cut, random), scramble(a.perp(), cut, random),
            scramble(a.funding(), cut, random)))
        .toList();
    SentimentSeries s = data.sentiment();
    int[] values = s.value().clone();
    int first = 0;
    while (first < s.size() && s.knownAt(first) <= cut) {
      first++;
    }
    shuffle(values, first, random);
    return new MarketData(data.venue(), assets, new SentimentSeries(s.day(), values), data.from(), data.to());
  }

  private static Bars scramble(Bars b, long cut, Random random) {
    int first = 0;
    while (first < b.size() && b.closeTime(first) <= cut) {
      first++;
    }
    int[] order = permutation(b.size(), first, random);
    return new Bars(b.intervalMs(), b.openTime(), pick(b.open(), order), pick(b.high(), order), pick(b.low(), order),
        pick(b.close(), order), pick(b.volume(), order), pickDoubles(b.quoteVolume(), order), pick(b.trades(), order));
  }

  private static FundingSeries scramble(FundingSeries f, long cut, Random random) {
    int first = 0;
    while (first < f.size() && f.time()[first] <= cut) {
      first++;
    }
    return new FundingSeries(f.time(), pick(f.rate(), permutation(f.size(), first, random)));
  }

  private static int[] permutation(int n, int from, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, from, random);
    return p;
  }

  private static void shuffle(int[] a, int from, Random random) {
    for (int i = a.length - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static double[] pickDoubles(double[] values, int[] order) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  private static long[] pick(long[] values, int[] order) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }
}
