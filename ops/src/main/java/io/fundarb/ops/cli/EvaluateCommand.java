package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.AgentModel;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.report.BacktestOutput;
import io.fundarb.ops.report.MetricsTable;
import io.fundarb.ops.rl.WindowSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb evaluate}: a trained model against the baselines on a period it never saw. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Compares a trained model with the baselines on a period it never saw.",
        "Backtests the model and the baselines side by side over [--from, --to). Every strategy gets",
        "the same warm-up lead before --from (features, funding history) and trades only from --from on."})
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "<file.params>", description = "model written by fundarb train")
  Path model;

  @Option(names = "--allocator", paramLabel = "<dir>",
      description = {"an allocator written by fundarb train allocator: compared as a portfolio over --venues with",
          "split, rotation, each venue's carry and flat"})
  Path allocator;

  @Option(names = "--venues", split = ",", paramLabel = "<venues>",
      description = "with --allocator: the venues (default: those it was trained on)")
  List<String> venues;

  @Option(names = "--venue", paramLabel = "<venue>", description = "venue (default: the model's training venue)")
  String venue;

  @Option(names = "--baselines", split = ",", defaultValue = "carry,threshold,flat",
      description = "baselines to compare with (default: ${DEFAULT-VALUE})")
  List<String> baselines;

  @Option(names = "--out", paramLabel = "<dir>", description = "result directory (default: runs/evaluate-<agent>)")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (common.from == null) {
      throw new IllegalArgumentException("evaluate needs --from: the start of the out-of-sample period");
    }
    FundarbConfig config = common.config();
    if ((model == null) == (allocator == null)) {
      throw new IllegalArgumentException("evaluate needs --model <file.params> or --allocator <dir>, one of them");
    }
    if (allocator != null) {
      return new AllocatorEvaluation(common, config, stdout).run(allocator, venues, out);
    }
    try (AgentModel agent = AgentModel.load(model)) {
      ModelCard card = agent.card();
      String v = (venue != null ? venue : card.training().venue()).toUpperCase(Locale.ROOT);
      List<String> symbols = common.symbols != null ? common.symbolsOrDefault() : card.training().symbols();
      DataDirectory.Choice dir = common.dataDirectory();
      MarketData all = MarketDataLoader.load(DataCatalog.scan(dir.path()), new MarketDataLoader.Request(v, symbols,
          agent.spec().stepMs(), Long.MIN_VALUE + 1, common.toMillis(), common.lenient)).data();
      agent.checkData(all.assets().get(0).perp().intervalMs());
      long from = common.fromMillis();
      long to = Math.min(common.toMillis(), all.to());
      long trainedFrom = Times.parse(card.training().from());
      long trainedTo = Times.parse(card.training().to());
      warnIfTrainedOn(stdout, from, to, card);
      MarketData data = all.slice(from - WindowSet.lead(agent.spec().window(), agent.spec().stepMs()), to);
      Universe universe = config.universe(v, symbols);
      String label = card.agent() + "(model)";
      ObjectNode inputs = new ObjectMapper().createObjectNode();
      inputs.put("model", model.toString());
      inputs.put("from", Times.isoInstant(from));
      inputs.put("to", Times.isoInstant(to));
      inputs.put("venue", v);
      BacktestOutput output = new BacktestOutput(out != null ? out : Path.of("runs", "evaluate-" + card.agent()), inputs);
      MetricsTable table = new MetricsTable();
      BacktestConfig base = new BacktestConfig(label, StrategySettings.empty(), config.sizing(), config.simVenue(v, null),
          config.planner(), true, from);
      BacktestResult learned = new Backtester(data, universe, base, agent::newStrategy).run();
      table.add(v, label, learned.metrics());
      output.add(learned, universe);
      for (String name : baselines) {
        BacktestResult result = new Backtester(data, universe, base.withStrategy(name, config.strategySettings(name))).run();
        table.add(v, name, result.metrics());
        output.add(result, universe);
      }
      stdout.println(card.agent() + " trained on " + card.training().venue() + " " + card.training().symbols() + " "
          + Times.format(trainedFrom) + " .. " + Times.format(trainedTo) + "; evaluated " + Times.format(from) + " .. "
          + Times.format(to));
      stdout.println();
      stdout.print(table.render());
      stdout.println("results: " + output.finish());
      return 0;
    }
  }

  /** Says so when [from, to) overlaps the range the model was trained on: such results are not out of sample. */
  static void warnIfTrainedOn(PrintWriter stdout, long from, long to, ModelCard card) {
    long trainedFrom = Times.parse(card.training().from());
    long trainedTo = Times.parse(card.training().to());
    if (from < trainedTo && to > trainedFrom) {
      stdout.println("warning: [" + Times.format(from) + ", " + Times.format(to) + ") overlaps the training range ["
          + Times.format(trainedFrom) + ", " + Times.format(trainedTo) + "): these results are not out of sample");
    }
  }
}
