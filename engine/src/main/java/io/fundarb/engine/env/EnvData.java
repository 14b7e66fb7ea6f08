package io.fundarb.engine.env;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureTable;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.stress.Shock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Read-only data shared by every environment of a training run: per asset (and per shocked
 * variant), the single-asset replay tape, the index of each step's first event, and the observed
 * features already normalised with the training statistics, one row per step. Environments read
 * it concurrently and never write to it.
 */
public final class EnvData {
  /**
   * One replayable history: an asset, clean or with a shock injected.
   *
   * @param features the raw feature row of each step, for policies that read features themselves
   *     (the ensemble's frozen agents); split once here so that reading them allocates nothing
   * @param firstReady the first step whose row is warmed up
   */
  public record Scenario(String label, boolean shocked, Universe universe, MarketTape tape, int[] stepStart,
      float[] observed, int firstStart, float[][] features, int firstReady) {
    public int steps() {
      return stepStart.length;
    }
  }

  private final List<Scenario> clean;
  private final List<Scenario> shocked;
  private final FeatureNormalization normalization;
  private final int window;

  private EnvData(List<Scenario> clean, List<Scenario> shocked, FeatureNormalization normalization, int window) {
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("no asset has enough data for one observation window");
    }
    this.clean = List.copyOf(clean);
    this.shocked = List.copyOf(shocked);
    this.normalization = normalization;
    this.window = window;
  }

  /**
   * @param normalization the observed features and their training statistics
   * @param startFrom episodes start no earlier than this (data before it only warms features up)
   * @param shocks shocks to replay as extra scenarios: each applies to the asset it names
   */
  public static EnvData build(MarketData data, Function<AssetId, CarryPair> instruments,
      FeatureNormalization normalization, int window, long fundingIntervalMs, long startFrom, List<AssetShock> shocks) {
    List<Scenario> clean = new ArrayList<>();
    List<Scenario> shocked = new ArrayList<>();
    for (AssetSeries series : data.assets()) {
      CarryPair pair = instruments.apply(series.asset());
      scenario(series.asset().toString(), false, series, pair, data, normalization, window, fundingIntervalMs, startFrom)
          .ifPresent(clean::add);
    }
    for (AssetShock s : shocks) {
      AssetSeries series = data.assets().stream().filter(a -> a.asset().equals(s.asset())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no data for shocked asset " + s.asset()));
      scenario(s.asset() + " " + s.shock().label(), true, s.shock().applyTo(series), instruments.apply(s.asset()), data,
          normalization, window, fundingIntervalMs, startFrom).ifPresent(shocked::add);
    }
    return new EnvData(clean, shocked, normalization, window);
  }

  /** A shock and the asset it hits. */
  public record AssetShock(AssetId asset, Shock shock) {}

  private static java.util.Optional<Scenario> scenario(String label, boolean isShocked, AssetSeries series, CarryPair pair,
      MarketData data, FeatureNormalization normalization, int window, long fundingIntervalMs, long startFrom) {
    Universe universe = new Universe(List.of(pair));
    MarketData single = new MarketData(data.venue(), List.of(series), data.sentiment(), data.from(), data.to());
    MarketTape tape = MarketTape.build(single, universe);
    FeatureTable table = FeatureTable.build(tape, universe, series.perp().intervalMs(), fundingIntervalMs);
    int ready = table.firstReady(0);
    int first = ready + window - 1;
    while (ready >= 0 && first < table.steps() && table.time(first) < startFrom) {
      first++;
    }
    if (ready < 0 || first >= table.steps() - 1) {
      return java.util.Optional.empty();
    }
    int k = normalization.size();
    float[] observed = new float[table.steps() * k];
    float[] rows = table.rows(0);
    float[][] byStep = new float[table.steps()][];
    for (int g = 0; g < table.steps(); g++) {
      normalization.apply(rows, g * Feature.COUNT, observed, g * k);
      byStep[g] = java.util.Arrays.copyOfRange(rows, g * Feature.COUNT, (g + 1) * Feature.COUNT);
    }
    int[] stepStart = new int[table.steps()];
    for (int j = 0, g = -1; j < tape.size(); j++) {
      if (j == 0 || tape.time(j) != tape.time(j - 1)) {
        stepStart[++g] = j;
      }
    }
    return java.util.Optional.of(new Scenario(label, isShocked, universe, tape, stepStart, observed, first, byStep, ready));
  }

  public List<Scenario> clean() {
    return clean;
  }

  public List<Scenario> shocked() {
    return shocked;
  }

  public FeatureNormalization normalization() {
    return normalization;
  }

  public int window() {
    return window;
  }
}
