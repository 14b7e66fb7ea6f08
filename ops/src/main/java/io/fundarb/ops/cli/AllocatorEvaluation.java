package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.time.Times;
import io.fundarb.models.agents.ModelCard;
import io.fundarb.models.allocator.AllocatorModel;
import io.fundarb.ops.allocator.AllocatorSettings;
import io.fundarb.ops.allocator.PortfolioComparison;
import io.fundarb.ops.allocator.PortfolioPlan;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.report.BacktestOutput;
import io.fundarb.ops.report.MetricsTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code fundarb evaluate --allocator}: the allocator beside its yardsticks on a period it never saw. */
final class AllocatorEvaluation {
  private final CommonOptions common;
  private final FundarbConfig config;
  private final PrintWriter stdout;

  AllocatorEvaluation(CommonOptions common, FundarbConfig config, PrintWriter stdout) {
    this.common = common;
    this.config = config;
    this.stdout = stdout;
  }

  int run(Path dir, List<String> venues, Path out) throws IOException {
    try (AllocatorModel model = AllocatorModel.load(dir)) {
      ModelCard card = model.card();
      List<String> chosen = venues != null ? venues.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList()
          : Arrays.asList(card.training().venue().split(","));
      List<String> symbols = common.symbols != null ? common.symbolsOrDefault() : card.training().symbols();
      PortfolioPlan plan = new PortfolioPlan(config, AllocatorSettings.read(config), common.dataDirectory().path(),
          chosen, symbols, common.lenient);
      model.check(plan.offered(true).opportunities());
      long from = common.fromMillis();
      long to = Math.min(common.toMillis(), plan.dataTo());
      EvaluateCommand.warnIfTrainedOn(stdout, from, to, card);
      ObjectNode inputs = new ObjectMapper().createObjectNode();
      inputs.put("allocator", dir.toString());
      inputs.put("from", Times.isoInstant(from));
      inputs.put("to", Times.isoInstant(to));
      inputs.putPOJO("venues", plan.venues());
      BacktestOutput output = new BacktestOutput(out != null ? out : Path.of("runs", "evaluate-allocator"), inputs);
      MetricsTable table = new MetricsTable();
      for (PortfolioComparison.Row row : PortfolioComparison.run(plan, model, null, from, to)) {
        table.add(row.venue(), row.strategy(), row.metrics());
        if (row.portfolio() != null) {
          output.addPortfolio(row.portfolio());
        } else {
          output.add(row.single(), row.single().portfolio().universe());
        }
      }
      stdout.println("allocator trained on " + card.training().venue() + " " + card.training().symbols() + " "
          + card.training().from() + " .. " + card.training().to() + "; evaluated " + Times.format(from) + " .. "
          + Times.format(to));
      stdout.println();
      stdout.print(table.render());
      stdout.println("results: " + output.finish());
      return 0;
    }
  }
}
