package io.fundarb.ops.allocator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.backtest.WalkForwardFolds;
import io.fundarb.models.allocator.AllocatorModel;
import io.fundarb.models.allocator.AllocatorTrainer;
import io.fundarb.ops.ensemble.FoldResult;
import io.fundarb.ops.report.BacktestOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward of the allocator that cannot fool itself: per fold, allocators are trained on the
 * train window only (one per candidate seed), the one with the best Sharpe on the validation
 * window is chosen, and only the test window is reported, beside an allocator trained without
 * cross-venue opportunities (the ablation), split, rotation, each venue's carry and flat. The
 * overall rows compound the test windows. Writes {@code results.csv} and {@code results.json}.
 */
public final class AllocatorWalkForward {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AllocatorWalkForward() {}

  public record Report(List<FoldResult> rows, Path json, Path csv, double trainSeconds, int trainings) {}

  /** Runs the first {@code maxFolds} folds (all when 0), printing each fold's test rows as it goes. */
  public static Report run(PortfolioPlan plan, Path out, int maxFolds, PrintWriter log) throws IOException {
    AllocatorSettings.WalkForward w = plan.settings().walkForward();
    List<WalkForwardFolds.Fold> all = WalkForwardFolds.of(w.from(), Math.min(w.to(), plan.dataTo()), w.trainMs(),
        w.validationMs(), w.testMs(), w.stepMs());
    List<WalkForwardFolds.Fold> folds = maxFolds > 0 ? all.subList(0, Math.min(maxFolds, all.size())) : all;
    List<FoldResult> rows = new ArrayList<>();
    ArrayNode foldNodes = JSON.createArrayNode();
    double trainSeconds = 0;
    int trainings = 0;
    for (WalkForwardFolds.Fold fold : folds) {
      log.println(fold);
      ObjectNode node = foldNodes.addObject();
      FoldResult.describe(node, fold);
      Path dir = out.resolve("fold-" + fold.index());
      long seed = plan.settings().seed() + 1_000L * fold.index();
      Path best = null;
      double bestSharpe = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < w.candidates(); c++) {
        Path params = dir.resolve("allocator-" + c).resolve(AllocatorModel.FILE);
        AllocatorTrainer.Result trained = plan.train(fold.trainFrom(), fold.trainTo(), seed + c, true, params, s -> { });
        trainSeconds += trained.seconds();
        trainings++;
        try (AllocatorModel model = AllocatorModel.load(params)) {
          var validation = plan.portfolio(model, fold.validationFrom(), fold.validationTo(), true);
          FoldResult row = FoldResult.of("valid-" + fold.index(), "allocator-candidate-" + c, validation.metrics());
          rows.add(row);
          double sharpe = Double.isFinite(row.sharpe()) ? row.sharpe() : Double.NEGATIVE_INFINITY;
          if (best == null || sharpe > bestSharpe) {
            best = params;
            bestSharpe = sharpe;
          }
        }
      }
      node.put("selected", out.relativize(best).toString());
      node.put("selectedValidationSharpe", bestSharpe);
      Path ablation = null;
      if (w.ablation()) {
        ablation = dir.resolve("allocator-no-cross").resolve(AllocatorModel.FILE);
        trainSeconds += plan.train(fold.trainFrom(), fold.trainTo(), seed, false, ablation, s -> { }).seconds();
        trainings++;
      }
      try (AllocatorModel chosen = AllocatorModel.load(best);
          AllocatorModel withoutCross = ablation == null ? null : AllocatorModel.load(ablation)) {
        for (PortfolioComparison.Row r : PortfolioComparison.run(plan, chosen, withoutCross, fold.testFrom(),
            fold.testTo())) {
          String name = r.venue().equals(BacktestOutput.PORTFOLIO) ? r.strategy() : r.strategy() + "-" + r.venue();
          FoldResult row = FoldResult.of("test-" + fold.index(), name, r.metrics());
          rows.add(row);
          log.println(row.line());
        }
      }
    }
    rows.addAll(FoldResult.overallRows(rows, FoldResult.testYears(folds)));
    Files.createDirectories(out);
    Path csv = FoldResult.writeCsv(out, rows);
    Path json = out.resolve("results.json");
    ObjectNode root = JSON.createObjectNode();
    root.putPOJO("venues", plan.venues());
    root.putPOJO("settings", w);
    root.put("trainSeconds", trainSeconds);
    root.put("trainings", trainings);
    root.set("folds", foldNodes);
    root.putPOJO("rows", rows);
    JSON.writeValue(json.toFile(), root);
    return new Report(List.copyOf(rows), json, csv, trainSeconds, trainings);
  }
}
