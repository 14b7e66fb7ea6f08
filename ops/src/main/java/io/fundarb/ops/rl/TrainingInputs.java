package io.fundarb.ops.rl;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.FundarbConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fundarb train} trains on, opened from windows files: their descriptions name the
 * data, which is reloaded and checked against the files value by value (a windows file that no
 * longer matches its data is an error, never a silent mismatch between what was inspected and
 * what was trained on).
 */
public final class TrainingInputs {
  private final List<WindowsSidecar> sidecars;
  private final MarketData data;
  private final Universe universe;
  private final Path dataDir;

  private TrainingInputs(List<WindowsSidecar> sidecars, MarketData data, Universe universe, Path dataDir) {
    this.sidecars = sidecars;
    this.data = data;
    this.universe = universe;
    this.dataDir = dataDir;
  }

  /**
   * @param files windows .npy files (market first, then optionally sentiment), all over the same
   *     symbols, range and window
   * @param dataOverride a data directory to read instead of the one the windows recorded
   */
  public static TrainingInputs open(List<Path> files, Path dataOverride, FundarbConfig config) throws IOException {
    List<WindowsSidecar> sidecars = new ArrayList<>();
    for (Path npy : files) {
      sidecars.add(WindowsSidecar.read(WindowsSidecar.besides(npy)));
    }
    WindowsSidecar first = sidecars.get(0);
    for (WindowsSidecar s : sidecars) {
      if (!s.venue().equals(first.venue()) || s.window() != first.window() || !s.from().equals(first.from())
          || !s.to().equals(first.to()) || !symbols(s).equals(symbols(first)) || s.stepMs() != first.stepMs()) {
        throw new IllegalArgumentException("windows files must share venue, symbols, range, interval and window: "
            + files);
      }
    }
    Path dataDir = dataOverride != null ? dataOverride : Path.of(first.dataDir());
    long from = Times.parse(first.from());
    long to = Times.parse(first.to());
    MarketData all = MarketDataLoader.load(DataCatalog.scan(dataDir), new MarketDataLoader.Request(first.venue(),
        symbols(first), first.stepMs(), Long.MIN_VALUE + 1, to, false)).data();
    MarketData data = all.slice(Times.parse(first.loadedFrom()), to);
    Universe universe = config.universe(first.venue(), symbols(first));
    for (int k = 0; k < files.size(); k++) {
      verify(files.get(k), sidecars.get(k), data, universe, from, to);
    }
    return new TrainingInputs(sidecars, data, universe, dataDir);
  }

  private static List<String> symbols(WindowsSidecar s) {
    return s.series().stream().map(WindowsSidecar.Series::symbol).toList();
  }

  private static void verify(Path npy, WindowsSidecar s, MarketData data, Universe universe, long from, long to)
      throws IOException {
    List<Feature> features = features(s);
    WindowSet expected = WindowSet.build(data, universe, features, s.window(), from, to,
        new FeatureNormalization(features, s.normalization().mean(), s.normalization().std()));
    Npy.Array actual = Npy.read(npy);
    if (!Arrays.equals(actual.shape(), expected.shape()) || !Arrays.equals(actual.data(), expected.values())) {
      throw new IllegalArgumentException(npy + " no longer matches the data it was made from ("
          + s.dataDir() + "): regenerate it with fundarb windows");
    }
  }

  private static List<Feature> features(WindowsSidecar s) {
    return s.features().stream().map(k -> Feature.valueOf(k.toUpperCase(Locale.ROOT))).toList();
  }

  /** The statistics of {@code wanted}, each taken from the windows file that holds it. */
  public FeatureNormalization normalization(List<Feature> wanted) {
    double[] mean = new double[wanted.size()];
    double[] std = new double[wanted.size()];
    for (int i = 0; i < wanted.size(); i++) {
      Feature f = wanted.get(i);
      WindowsSidecar holder = sidecars.stream().filter(s -> s.features().contains(f.key())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no windows file holds feature " + f.key()
              + (f.group() == Feature.Group.SENTIMENT ? ": pass --sentiment-windows" : "")));
      int column = holder.features().indexOf(f.key());
      mean[i] = holder.normalization().mean()[column];
      std[i] = holder.normalization().std()[column];
    }
    return new FeatureNormalization(wanted, mean, std);
  }

  public MarketData data() {
    return data;
  }

  public Universe universe() {
    return universe;
  }

  public long from() {
    return Times.parse(sidecars.get(0).from());
  }

  public int window() {
    return sidecars.get(0).window();
  }

  public Path dataDir() {
    return dataDir;
  }
}
