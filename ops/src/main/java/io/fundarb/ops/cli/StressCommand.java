package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.time.Times;
import io.fundarb.models.ensemble.Ensemble;
import io.fundarb.models.ensemble.MetaModel;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.ensemble.EnsembleManifest;
import io.fundarb.ops.ensemble.EnsemblePlan;
import io.fundarb.ops.ensemble.EnsembleSettings;
import io.fundarb.ops.ensemble.StressScenario;
import io.fundarb.ops.ensemble.StressSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb stress}: the ensemble through injected shocks, beside always-on carry. */
@Command(name = "stress", mixinStandardHelpOptions = true,
    description = {"Replays the ensemble and always-on carry through a shock injected into every asset: crash20",
        "(-20 % within an hour), funding-spike (+0.3 %/8h then -0.3 %), basis-blowout (+5 % over a day),",
        "venue-outage (no data for 2 hours), or all. Reports P&L, drawdown, the worst margin ratio (near",
        "liquidation at 0.9), liquidations, and whether and when the anomaly gate and the risk rules cut exposure."})
public final class StressCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, description = "crash20, funding-spike, basis-blowout, venue-outage or all")
  String scenario;

  @Option(names = "--ensemble", paramLabel = "<dir>", description = "ensemble directory (default: fundarb.ensemble.output)")
  Path ensembleDir;

  @Option(names = "--model-registry", paramLabel = "<dir>", description = "use the registry's current ensemble instead")
  Path registry;

  @Option(names = "--at", paramLabel = "<date>", description = "when the shock starts (default: 30 days after --from)")
  String at;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "runs/stress", description = "where stress.json goes (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    List<StressScenario> scenarios = StressScenario.parse(scenario);
    FundarbConfig config = common.config();
    EnsembleSettings settings = EnsembleSettings.read(config);
    EnsemblePlan plan = EnsemblePlan.open(config, settings, common.dataDirectory().path(),
        common.symbolsOrDefault());
    long from = common.from != null ? common.fromMillis() : settings.to();
    long to = common.to != null ? common.toMillis() : from + 90 * Times.DAY_MS;
    long shockAt = at != null ? Times.parse(at) : from + 30 * Times.DAY_MS;
    if (!(from < shockAt && shockAt < to)) {
      throw new IllegalArgumentException("the shock (--at " + Times.format(shockAt) + ") must fall inside [--from, --to)");
    }
    Path dir = registry != null ? new ModelRegistry(registry, Clock.systemUTC()).current(EnsembleManifest.AGENT)
        .orElseThrow(() -> new IllegalArgumentException(registry + " has no current ensemble: promote one first"))
        .dir() : ensembleDir != null ? ensembleDir : settings.output();
    List<StressSuite.Outcome> outcomes;
    try (Ensemble ensemble = Ensemble.load(dir, settings.projection());
        MetaModel meta = MetaModel.load(dir.resolve(Ensemble.META_FILE))) {
      outcomes = StressSuite.run(plan, ensemble, meta, scenarios, from, to, shockAt);
    }
    stdout.printf(Locale.ROOT, "ensemble %s on %s %s, %s .. %s, shock at %s%n", dir, config.venue(), common.symbolsOrDefault(),
        Times.format(from), Times.format(to), Times.format(shockAt));
    stdout.printf(Locale.ROOT, "%-14s %-9s %8s %7s %7s %5s %4s %6s %6s %8s %8s  %s%n", "scenario", "strategy", "P&L",
        "maxDD", "margin", "near", "liq", "before", "after", "cut (h)", "gate (h)", "rules");
    for (StressSuite.Outcome o : outcomes) {
      stdout.printf(Locale.ROOT, "%-14s %-9s %7.2f%% %6.2f%% %7.3f %5s %4d %6.2f %6.2f %8s %8s  %s%n", o.scenario(),
          o.strategy(), o.totalReturn() * 100, o.maxDrawdown() * 100, o.maxMarginRatio(), o.nearLiquidation() ? "yes" : "no",
          o.liquidations(), o.grossBefore(), o.minGrossAfter(), hours(o.exposureCutHours()), hours(o.gateCutHours()),
          o.rules().isEmpty() ? "-" : String.join(",", o.rules()));
    }
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode().put("ensemble", dir.toString()).put("from", Times.isoInstant(from))
        .put("to", Times.isoInstant(to)).put("shockAt", Times.isoInstant(shockAt));
    root.putPOJO("outcomes", outcomes);
    json.writeValue(out.resolve("stress.json").toFile(), root);
    stdout.println("results: " + out.resolve("stress.json"));
    return 0;
  }

  private static String hours(double h) {
    return Double.isNaN(h) ? "-" : String.format(Locale.ROOT, "%.0f", h);
  }
}
