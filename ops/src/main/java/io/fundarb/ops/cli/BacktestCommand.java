package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.DataNotFoundException;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.report.BacktestOutput;
import io.fundarb.ops.report.HtmlReport;
import io.fundarb.ops.report.MetricsTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb backtest}: baselines (and later models) on historical data, side by side. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"Backtests strategies on historical data and prints a metrics table.",
        "Replays the data through the simulated venue for each strategy.",
        "Writes summary.json and per-run CSVs (equity, positions, funding, fills) to --out."})
public final class BacktestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--venue", paramLabel = "<venue>",
      description = "binance, bybit or okx (default: every venue in fundarb.backtest.venues that has data)")
  String venue;

  @Option(names = "--venues", split = ",", paramLabel = "<venues>",
      description = {"run these venues and, with two or more, one portfolio over all of them:",
          "the per-venue rows plus the portfolio baselines split and rotation (fundarb.portfolio)"})
  List<String> portfolioVenues;

  @Option(names = "--strategy", split = ",", paramLabel = "<names>",
      description = "strategies to run (default: carry,threshold,flat); available: ${COMPLETION-CANDIDATES}",
      completionCandidates = StrategyNames.class)
  List<String> strategies;

  @Option(names = "--fee-tier", paramLabel = "<tier>", description = "fee tier of the venue, e.g. VIP0 (default from config)")
  String feeTier;

  @Option(names = "--capital", paramLabel = "<usdt>", description = "starting cash (default from config)")
  String capital;

  @Option(names = "--leverage", paramLabel = "<x>", description = "isolated perp leverage (default from config)")
  Integer leverage;

  @Option(names = "--report", paramLabel = "<file.html>", description = "also write the HTML report with charts here")
  Path report;

  @Option(names = "--out", paramLabel = "<dir>", description = "result directory (default: runs/backtest-<utc time>)")
  Path out;

  @Override
  public Integer call() throws java.io.IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    DataDirectory.Choice dataDir = common.dataDirectory();
    stdout.println("data: " + dataDir.path() + " (" + dataDir.source() + ")");
    DataCatalog catalog = CommonOptions.dataIn(dataDir);
    List<String> names = strategies != null ? strategies : config.backtestStrategies();
    names.forEach(Strategies::find);
    List<String> symbols = common.symbolsOrDefault();
    List<String> venues = venues(config, catalog);
    Sizing sizing = sizing(config);
    Path outDir = out != null ? out : Path.of("runs", "backtest-"
        + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    BacktestOutput output = new BacktestOutput(outDir, inputs(symbols, venues, names, sizing, dataDir));
    MetricsTable table = new MetricsTable();
    List<VenueMarket> markets = new ArrayList<>();
    for (String v : venues) {
      MarketDataLoader.Result loaded = MarketDataLoader.load(catalog, new MarketDataLoader.Request(
          v, symbols, common.intervalMillis(), common.fromMillis(), common.toMillis(), common.lenient));
      stdout.println(v + " " + loaded.report().summary() + ", replaying " + Times.format(loaded.data().from())
          + " to " + Times.format(loaded.data().to()) + " (run `fundarb data check` for details)");
      output.addQuality(v, loaded.report());
      Universe universe = config.universe(v, symbols);
      SimVenueConfig simVenue = config.simVenue(v, feeTier);
      if (portfolioVenues != null) {
        markets.add(new VenueMarket(loaded.data(), universe, simVenue));
      }
      for (String name : names) {
        BacktestConfig run = new BacktestConfig(name, config.strategySettings(name), sizing, simVenue,
            config.planner(), true);
        Backtester backtester = new Backtester(loaded.data(), universe, run);
        ProgressBar bar = new ProgressBar(stdout, v + " " + name, "steps", backtester.tape().groups());
        BacktestResult result = backtester.run((step, steps) -> bar.update(step, ""));
        bar.finish();
        table.add(v, name, result.metrics());
        output.add(result, universe);
      }
    }
    if (markets.size() > 1) {
      runPortfolio(config, markets, sizing, table, output, stdout);
    }
    stdout.println();
    stdout.print(table.render());
    stdout.println();
    stdout.println("capital " + Fixed.toString(sizing.capital()) + " USDT, perp leverage " + sizing.leverage()
        + "x, max notional per leg " + Fixed.toString(sizing.maxNotional(symbols.size())) + " USDT per asset");
    stdout.println("results: " + output.finish());
    if (report != null) {
      stdout.println("report: " + HtmlReport.write(outDir, report));
    }
    return 0;
  }

  /** The portfolio baselines over every venue's account, capital split evenly at the start. */
  private void runPortfolio(FundarbConfig config, List<VenueMarket> markets, Sizing sizing, MetricsTable table,
      BacktestOutput output, PrintWriter stdout) {
    PortfolioSettings settings = config.portfolio();
    Opportunities.Offered offered = Opportunities.of(markets, settings.crossVenue());
    offered.excluded().forEach(e -> stdout.println("cross-venue opportunities left out: " + e));
    for (String name : FundarbConfig.PORTFOLIO_BASELINES) {
      BacktestConfig run = new BacktestConfig(name, config.strategySettings("carry"), sizing,
          markets.get(0).venue(), config.planner(), true);
      PortfolioResult result = new MultiVenueBacktester(markets, offered, run, settings,
          config.portfolioBaseline(name)).run();
      table.add(BacktestOutput.PORTFOLIO, name, result.metrics());
      output.addPortfolio(result);
      stdout.println("portfolio " + name + ": " + result.transfers()
          + " transfer(s) between venues, " + Fixed.toString(result.transferFees()) + " USDT in transfer fees");
    }
  }

  private List<String> venues(FundarbConfig config, DataCatalog catalog) {
    if (venue != null && portfolioVenues != null) {
      throw new IllegalArgumentException("give --venue or --venues, not both");
    }
    if (portfolioVenues != null) {
      return portfolioVenues.stream().map(v -> v.trim().toUpperCase(Locale.ROOT)).distinct().toList();
    }
    if (venue != null) {
      return List.of(venue.toUpperCase(Locale.ROOT));
    }
    List<String> withData = config.backtestVenues().stream().filter(catalog.venues()::contains).toList();
    if (withData.isEmpty()) {
      throw new DataNotFoundException("none of the venues " + config.backtestVenues() + " has data in "
          + catalog.root() + "; venues there: " + catalog.venues());
    }
    return withData;
  }

  private Sizing sizing(FundarbConfig config) {
    Sizing base = config.sizing();
    long cash = capital != null ? Fixed.parse(capital) : base.capital();
    return new Sizing(cash, base.reserve(), leverage != null ? leverage : base.leverage());
  }

  private ObjectNode inputs(List<String> symbols, List<String> venues, List<String> names, Sizing sizing,
      DataDirectory.Choice dataDir) {
    ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    node.put("dataDir", dataDir.path().toString());
    node.putPOJO("venues", venues);
    node.putPOJO("symbols", symbols);
    node.putPOJO("strategies", names);
    node.put("from", common.from);
    node.put("to", common.to);
    node.put("capital", Fixed.toString(sizing.capital()));
    node.put("leverage", sizing.leverage());
    node.put("feeTier", feeTier);
    return node;
  }

  /** Strategy names for --help. */
  static final class StrategyNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Strategies.names().iterator();
    }
  }
}
