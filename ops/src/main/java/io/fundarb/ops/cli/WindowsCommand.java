package io.fundarb.ops.cli;

import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.features.FeatureNormalization;
import io.fundarb.engine.features.FeatureSpec;
import io.fundarb.engine.time.Times;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.rl.Npy;
import io.fundarb.ops.rl.WindowSet;
import io.fundarb.ops.rl.WindowsSidecar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb windows}: feature windows as .npy for training and for inspection in numpy. */
@Command(name = "windows", mixinStandardHelpOptions = true,
    description = {"Writes feature windows for training as .npy plus a JSON description.",
        "Rolling windows of normalised features (N x window x features, float32) and a JSON",
        "description beside it (features, symbols, time range, normalisation). Market features by default;",
        "--sentiment writes the Fear & Greed group. Statistics are fitted on these windows unless",
        "--normalization-from names a training windows file (use it for validation and test windows)."})
public final class WindowsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--venue", paramLabel = "<venue>", description = "venue (default from config)")
  String venue;

  @Option(names = "--window", defaultValue = "50", description = "steps per window (default: ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--sentiment", description = "write the sentiment feature group instead of the market group")
  boolean sentiment;

  @Option(names = "--normalization-from", paramLabel = "<windows.json>",
      description = "reuse the statistics of a training windows file instead of fitting new ones")
  Path normalizationFrom;

  @Option(names = "--output", required = true, paramLabel = "<file.npy>", description = "output .npy file")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (window < 1) {
      throw new IllegalArgumentException("--window must be at least 1");
    }
    FundarbConfig config = common.config();
    DataDirectory.Choice dir = common.dataDirectory();
    String v = (venue != null ? venue : config.venue()).toUpperCase(Locale.ROOT);
    List<String> symbols = common.symbolsOrDefault();
    MarketData all = MarketDataLoader.load(DataCatalog.scan(dir.path()), new MarketDataLoader.Request(
        v, symbols, common.intervalMillis(), Long.MIN_VALUE + 1, common.toMillis(), common.lenient)).data();
    long stepMs = all.assets().get(0).perp().intervalMs();
    long from = Math.max(common.fromMillis(), all.from());
    long to = Math.min(common.toMillis(), all.to());
    MarketData data = all.slice(from - WindowSet.lead(window, stepMs), to);
    Feature.Group group = sentiment ? Feature.Group.SENTIMENT : Feature.Group.MARKET;
    List<Feature> features = Feature.of(group);
    FeatureNormalization given = normalizationFrom == null ? null : statistics(normalizationFrom, features, window);
    WindowSet set = WindowSet.build(data, config.universe(v, symbols), features, window, from, to, given);
    Npy.write(output, set.values(), set.shape());
    WindowsSidecar sidecar = new WindowsSidecar(WindowsSidecar.FORMAT, group.name().toLowerCase(Locale.ROOT),
        features.stream().map(Feature::key).toList(), window, v, Times.formatInterval(stepMs), stepMs,
        Times.isoInstant(from), Times.isoInstant(to), Times.isoInstant(data.from()), dir.path().toString(), set.series(),
        new WindowsSidecar.Normalization(set.normalization().mean(), set.normalization().std(),
            given == null ? "these windows" : normalizationFrom.toString()),
        new FeatureSpec(features, window, stepMs, List.of()).hash(), Instant.now().toString());
    Path json = WindowsSidecar.besides(output);
    sidecar.write(json);
    int[] shape = set.shape();
    out.printf(Locale.ROOT, "%s windows: %d x %d steps x %d features (%s bars, %s), fitted on %s%n", group.name().toLowerCase(Locale.ROOT),
        shape[0], shape[1], shape[2], Times.formatInterval(stepMs), v, sidecar.normalization().fittedOn());
    set.series().forEach(s -> out.printf(Locale.ROOT, "  %-8s %5d windows ending %s .. %s%n", s.symbol(), s.count(),
        s.firstEnd(), s.lastEnd()));
    out.println("wrote " + output + " and " + json);
    return 0;
  }

  /** The statistics of {@code sidecarFile}, which must describe the same features and window. */
  static FeatureNormalization statistics(Path sidecarFile, List<Feature> features, int window) throws IOException {
    WindowsSidecar s = WindowsSidecar.read(sidecarFile.toString().endsWith(".npy") ? WindowsSidecar.besides(sidecarFile)
        : sidecarFile);
    List<String> keys = features.stream().map(Feature::key).toList();
    if (!s.features().equals(keys) || s.window() != window) {
      throw new IllegalArgumentException(sidecarFile + " describes other features or another window (" + s.window()
          + " steps, " + s.features().size() + " features)");
    }
    return new FeatureNormalization(features, s.normalization().mean(), s.normalization().std());
  }
}
