package io.fundarb.ops.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.EquityCurve;
import io.fundarb.engine.backtest.WalkForwardFolds;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.EnsembleTrainer;
import io.fundarb.models.ensemble.MetaModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Walk-forward evaluation that cannot fool itself: per fold the ensemble is trained on the train
 * window only, one of several meta-controller candidates (different seeds) is chosen on the
 * validation window by Sharpe, and the chosen ensemble is reported on the test window only,
 * beside the equal-weight ensemble, each agent alone, the baselines and the ablations (a meta
 * controller retrained without each agent in turn). Everything after fees, slippage and funding.
 *
 * <p>Writes {@code results.json}, {@code results.csv} (one row per fold and strategy plus the
 * overall rows) and {@code equity.csv} (every test curve, for reports).
 */
public final class WalkForward {
  public static final List<String> BASELINES = List.of("carry", "threshold", "flat");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final EnsemblePlan plan;
  private final Path out;
  private final PrintWriter log;
  private final List<FoldResult> rows = new ArrayList<>();
  private final ArrayNode folds = JSON.createArrayNode();
  private double trainSeconds;
  private BufferedWriter equity;

  private WalkForward(EnsemblePlan plan, Path out, PrintWriter log) {
    this.plan = plan;
    this.out = out;
    this.log = log;
  }

  /** The report's files and rows. */
  public record Report(List<FoldResult> rows, Path json, Path csv, Path equity, double trainSeconds) {}

  /** Runs the first {@code maxFolds} folds (all when 0). */
  public static Report run(EnsemblePlan plan, Path out, int maxFolds, EnsembleTrainer.Progress progress, PrintWriter log)
      throws IOException {
    return new WalkForward(plan, out, log).run(maxFolds, progress);
  }

  private Report run(int maxFolds, EnsembleTrainer.Progress progress) throws IOException {
    EnsembleSettings.WalkForward w = plan.settings().walkForward();
    List<WalkForwardFolds.Fold> all = WalkForwardFolds.of(w.from(), Math.min(w.to(), plan.data().to()), w.trainMs(),
        w.validationMs(), w.testMs(), w.stepMs());
    List<WalkForwardFolds.Fold> chosen = maxFolds > 0 ? all.subList(0, Math.min(maxFolds, all.size())) : all;
    Files.createDirectories(out);
    Path equityFile = out.resolve("equity.csv");
    try (BufferedWriter writer = Files.newBufferedWriter(equityFile, StandardCharsets.UTF_8)) {
      equity = writer;
      writer.write("fold,strategy,time,equity\n");
      for (WalkForwardFolds.Fold fold : chosen) {
        log.println(fold);
        fold(fold, progress);
      }
    }
    rows.addAll(FoldResult.overallRows(rows, FoldResult.testYears(chosen)));
    Path csv = FoldResult.writeCsv(out, rows);
    Path json = out.resolve("results.json");
    ObjectNode root = JSON.createObjectNode();
    root.put("venue", plan.data().venue());
    root.putPOJO("symbols", plan.data().assets().stream().map(a -> a.asset().symbol()).toList());
    root.putPOJO("settings", plan.settings().walkForward());
    root.put("trainSeconds", trainSeconds);
    root.set("folds", folds);
    root.putPOJO("rows", rows);
    JSON.writeValue(json.toFile(), root);
    return new Report(List.copyOf(rows), json, csv, equityFile, trainSeconds);
  }

  private void fold(WalkForwardFolds.Fold fold, EnsembleTrainer.Progress progress) throws IOException {
    EnsembleSettings s = plan.settings();
    Path dir = out.resolve("fold-" + fold.index()).resolve("ensemble");
    long seed = s.seed() + 1_000L * fold.index();
    long begin = System.nanoTime();
    plan.trainEnsemble(fold.trainFrom(), fold.trainTo(), seed, dir, progress);
    List<Path> candidates = new ArrayList<>(List.of(dir.resolve(Ensemble.META_FILE)));
    for (int c = 1; c < s.walkForward().candidates(); c++) {
      Path file = dir.resolve("meta-candidate-" + c + ".params");
      plan.trainMeta(fold.trainFrom(), fold.trainTo(), seed + c, Set.of(), dir, file, progress);
      candidates.add(file);
    }
    ObjectNode node = folds.addObject();
    FoldResult.describe(node, fold);
    String validation = "validation-" + fold.index();
    try (Ensemble ensemble = Ensemble.load(dir, s.projection())) {
      int best = 0;
      double bestSharpe = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < candidates.size(); c++) {
        try (MetaModel meta = MetaModel.load(candidates.get(c))) {
          BacktestResult r = plan.backtest("ensemble", ensemble.policy(meta), fold.validationFrom(), fold.validationTo());
          FoldResult row = FoldResult.of(validation, "ensemble-candidate-" + c, r.metrics());
          rows.add(row);
          double sharpe = Double.isFinite(row.sharpe()) ? row.sharpe() : Double.NEGATIVE_INFINITY;
          if (sharpe > bestSharpe) {
            bestSharpe = sharpe;
            best = c;
          }
        }
      }
      node.put("selected", candidates.get(best).getFileName().toString());
      node.put("selectedValidationSharpe", bestSharpe);
      long selectedSeed = seed + best;
      if (s.walkForward().ablation()) {
        for (AgentKind kind : AgentKind.values()) {
          plan.trainMeta(fold.trainFrom(), fold.trainTo(), selectedSeed, Set.of(kind), dir,
              EnsembleTrainer.ablationFile(dir, kind), progress);
        }
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      trainSeconds += seconds;
      node.put("trainSeconds", seconds);
      test(fold, ensemble, candidates.get(best), dir);
    }
  }

  private void test(WalkForwardFolds.Fold fold, Ensemble ensemble, Path selected, Path dir) throws IOException {
    try (MetaModel meta = MetaModel.load(selected)) {
      record(fold, "ensemble", ensemble.policy(meta));
    }
    record(fold, "equal_weight", ensemble.policy(null));
    for (AgentKind kind : AgentKind.values()) {
      record(fold, kind.key(), ensemble.alone(kind));
    }
    for (String baseline : BASELINES) {
      record(fold, baseline, plan.baseline(baseline));
    }
    if (plan.settings().walkForward().ablation()) {
      for (AgentKind kind : AgentKind.values()) {
        try (MetaModel meta = MetaModel.load(EnsembleTrainer.ablationFile(dir, kind))) {
          record(fold, "ensemble-without-" + kind.key(), ensemble.policy(meta));
        }
      }
    }
  }

  private void record(WalkForwardFolds.Fold fold, String strategy, Supplier<Strategy> policy) throws IOException {
    BacktestResult r = plan.backtest(strategy, policy, fold.testFrom(), fold.testTo());
    FoldResult row = FoldResult.of("test-" + fold.index(), strategy, r.metrics());
    rows.add(row);
    log.println(row.line());
    EquityCurve curve = r.equity();
    for (int k = 0; k < curve.size(); k++) {
      equity.write(fold.index() + "," + strategy + "," + Times.isoInstant(curve.time(k)) + ","
          + Fixed.toString(curve.equity(k)) + "\n");
    }
  }
}
