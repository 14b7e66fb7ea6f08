package io.fundarb.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.actors.asset.MarketRouter;
import io.fundarb.actors.node.LiveRun;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.actors.asset.PolicyLibrary;
import io.fundarb.models.registry.ModelRegistry;
import io.fundarb.ops.ensemble.EnsembleSettings;
import io.fundarb.ops.models.LearnedPolicy;
import io.fundarb.ops.models.RegistryPolicies;
import io.fundarb.ops.admin.AdminApi;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.ops.config.DataDirectory;
import io.fundarb.ops.config.ExchangeConfig;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.config.NodeConfig;
import io.fundarb.ops.ensemble.WalkForward;
import io.fundarb.ops.report.BacktestOutput;
import io.fundarb.ops.report.HtmlReport;
import io.fundarb.ops.report.MetricsTable;
import io.fundarb.streams.loopback.LoopbackVenue;
import io.fundarb.streams.xchange.ExchangeVenue;
import io.fundarb.ops.rl.WindowSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fundarb paper}: a node (sharded per-asset actors, risk, journal) replaying real data as
 * if live against the simulated venue; prints a status line while it runs and the backtester's
 * metrics table at the end.
 */
@Command(name = "paper", mixinStandardHelpOptions = true,
    description = {"Runs a paper-trading node over replayed real data on the simulated venue.",
        "Each asset is an actor hierarchy (feed, strategy, risk, orders) under circuit-breaker supervision;",
        "orders and breaker states are journaled (embedded H2 by default). Prints the metrics table at the end."})
public final class PaperCommand implements java.util.concurrent.Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin CommonOptions common;
  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  @Option(names = "--venue", paramLabel = "<venue>", description = {"binance, bybit or okx (default from config):",
      "the simulated venue replays that venue's data; loopback: the loopback Binance-compatible venue replays the",
      "config venue's data and the node trades on it through the real exchange client (REST + websockets)"})
  String venue;

  @Option(names = "--venues", split = ",", paramLabel = "<venues>", description = {"a portfolio over these venues",
      "(e.g. binance,bybit,okx): one simulated account per venue on one clock, every venue asset trading the legs",
      "the portfolio's allocation wants (--allocator, or --strategy split|rotation; default split)"})
  List<String> venues;

  @Option(names = "--allocator", paramLabel = "<dir>",
      description = "with --venues: the allocator written by fundarb train allocator sets the portfolio's allocation")
  Path allocator;

  @Option(names = "--venue-url", paramLabel = "<url>", description = {"trade on a running Binance-protocol venue",
      "(e.g. fundarb venue: http://127.0.0.1:8900) with keys from " + VenueCommand.KEY_ENV + " / "
          + VenueCommand.SECRET_ENV + "; a venue not on this machine also needs --live"})
  String venueUrl;

  @Option(names = "--live", description = {"opt in to trading on a venue that is not on this machine (a testnet first).",
      "Without it fundarb only ever trades on the simulated or the loopback venue"})
  boolean live;

  @Option(names = "--strategy", paramLabel = "<name>", description = "policy of every asset (default from config)")
  String strategy;

  @Option(names = "--model", paramLabel = "<file.params>",
      description = "run a model written by fundarb train as every asset's policy instead of --strategy")
  Path model;

  @Option(names = "--ensemble", paramLabel = "<dir>",
      description = "run an ensemble written by fundarb train ensemble (agents, meta controller, risk projection)")
  Path ensembleDir;

  @Option(names = "--admin-port", paramLabel = "<port>",
      description = "admin API port on fundarb.admin.host (default from config: 8081); 0 = any free port")
  Integer adminPort;

  @Option(names = "--speed", paramLabel = "<x>",
      description = "replay speed: 3600 = an hour of data per second; 0 = as fast as the node answers (default from config)")
  Double speed;

  @Option(names = "--out", paramLabel = "<dir>", description = {
      "run directory holding the journal (default: runs/paper-<utc time>).",
      "An existing run directory resumes that run (crash recovery): on the simulated venue the node re-runs it",
      "to where it stopped, checking every order against the journals; on a connected venue each asset",
      "recovers its books and asks the venue what its in-flight orders did, sending nothing twice."})
  Path out;

  @Option(names = "--registry-model", paramLabel = "<agent>", description = {
      "run the current version of <agent> (e.g. long_term, ensemble) from --model-registry; the admin API can then",
      "promote or roll back versions while the node runs (POST /models/<agent>/promote|rollback)"})
  String registryModel;

  @Option(names = "--model-registry", defaultValue = "models/registry", paramLabel = "<dir>",
      description = "model registry for --registry-model (default: ${DEFAULT-VALUE})")
  Path registryDir;

  @Option(names = "--report", paramLabel = "<file.html>", description = {"at the end, write the HTML report with",
      "charts: this run against the baselines (always-on carry, funding threshold, flat) backtested on the same data"})
  Path report;

  /** Where a run records the registry version it started with, so that a resumed run starts the same. */
  static final String STARTING_MODEL = "registry-model.json";

  /** Where a connected run records its run id and starting balances, so that a resumed run names its orders the same. */
  static final String VENUE_RUN = "venue-run.json";

  @Override
  public Integer call() throws Exception {
    if ((model != null ? 1 : 0) + (ensembleDir != null ? 1 : 0) + (registryModel != null ? 1 : 0) > 1) {
      throw new IllegalArgumentException("pass one of --model, --ensemble and --registry-model");
    }
    Path runDir = out != null ? out : Path.of("runs", "paper-"
        + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    if (venues != null) {
      if (venue != null || venueUrl != null || model != null || ensembleDir != null || registryModel != null
          || report != null) {
        throw new IllegalArgumentException("--venues runs a portfolio on simulated venue accounts: it does not take"
            + " --venue, --venue-url, --model, --ensemble, --registry-model or --report");
      }
      return runPortfolio(runDir);
    }
    if (allocator != null) {
      throw new IllegalArgumentException("--allocator allocates a portfolio over several venues: give --venues too");
    }
    if (model != null) {
      try (LearnedPolicy learned = LearnedPolicy.model(model)) {
        return run(runDir, learned, null);
      }
    }
    if (ensembleDir != null) {
      try (LearnedPolicy learned = LearnedPolicy.ensemble(ensembleDir, EnsembleSettings.read(common.config()))) {
        return run(runDir, learned, null);
      }
    }
    if (registryModel != null) {
      ModelRegistry registry = new ModelRegistry(registryDir, Clock.systemUTC());
      try (RegistryPolicies library = new RegistryPolicies(registry, registryModel,
          startingVersion(registry, runDir), EnsembleSettings.read(common.config()))) {
        return run(runDir, library.runningPolicy(), library);
      }
    }
    return run(runDir, null, null);
  }

  /**
   * The registry's current version of {@code --registry-model}, recorded in the run directory; a
   * resumed run reads it back there (the journal re-applies every swap since at its step).
   */
  private String startingVersion(ModelRegistry registry, Path runDir) throws java.io.IOException {
    Path file = runDir.resolve(STARTING_MODEL);
    if (Files.isRegularFile(file)) {
      JsonNode started = JSON.readTree(file.toFile());
      if (!started.path("agent").asText().equals(registryModel)) {
        throw new IllegalArgumentException(runDir + " is a run of " + started.path("agent").asText() + ", not "
            + registryModel);
      }
      return started.path("version").asText();
    }
    String version = registry.current(registryModel).orElseThrow(() -> new IllegalArgumentException(registryDir
        + " has no current version of " + registryModel + ": register and promote one first (fundarb models)")).name();
    Files.createDirectories(runDir);
    JSON.writeValue(file.toFile(), JSON.createObjectNode().put("agent", registryModel).put("version", version));
    return version;
  }

  private int run(Path runDir, LearnedPolicy learned, RegistryPolicies library) throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    NodeConfig node = new NodeConfig(config);
    DataDirectory.Choice dataDir = common.dataDirectory();
    DataCatalog catalog = CommonOptions.dataIn(dataDir);
    boolean connected = "loopback".equalsIgnoreCase(venue) || venueUrl != null;
    String v = (venue != null && !"loopback".equalsIgnoreCase(venue) ? venue : config.venue()).toUpperCase(Locale.ROOT);
    String name = learned != null ? learned.name() : strategy != null ? strategy : node.strategy();
    StrategySettings strategySettings = learned != null ? StrategySettings.empty() : config.strategySettings(name);
    List<String> symbols = common.symbolsOrDefault();
    long interval = learned != null ? learned.stepMs() : common.intervalMillis();
    // a model gets the same warm-up lead before --from as in evaluate (feature window, lookbacks)
    long from = common.fromMillis();
    long loadFrom = learned != null && common.from != null ? from - WindowSet.lead(learned.window(), interval) : from;
    MarketDataLoader.Result loaded = MarketDataLoader.load(catalog, new MarketDataLoader.Request(
        v, symbols, interval, loadFrom, common.toMillis(), common.lenient));
    if (learned != null) {
      learned.checkData().accept(loaded.data().assets().get(0).perp().intervalMs());
    }
    Universe universe = config.universe(v, symbols);
    Sizing sizing = config.sizing();
    BacktestConfig run = new BacktestConfig(name, strategySettings, sizing, config.simVenue(v, null), config.planner(),
        true, loadFrom == from ? Long.MIN_VALUE : from);
    AssetSettings assets = (learned != null ? node.assets(learned.strategies(), true)
        : node.assets(Strategies.find(name), strategySettings))
        .withPolicies(library != null ? library.agent() + " " + library.running() : name,
            library != null ? library : PolicyLibrary.NONE);
    ExchangeConfig exchange = connected ? ExchangeConfig.read(config.raw(), run.venue()) : null;
    double pace = speed != null ? speed : connected ? exchange.loopbackSpeed() : node.speed();
    NodeSettings settings = node.settings(pace);
    JournalSettings journal = cluster.journal(config, node.journal(runDir), System.getenv());
    if (!Files.isDirectory(runDir) && journal.holdsEvents()) {
      throw new IllegalArgumentException("the journal " + journal + " already holds a run (a journal is one run's:"
          + " its orders, breakers and reservations would be taken for this one's); start a new run on an empty"
          + " database, or resume that run with its --out");
    }
    stdout.println("data: " + dataDir.path() + " (" + dataDir.source() + "), " + v + " " + symbols + " "
        + Times.format(loaded.data().from()) + " to " + Times.format(loaded.data().to()));
    if (connected) {
      return runConnected(loaded.data(), exchange, universe, run, assets, settings, journal, pace, config, name, v,
          sizing, runDir, learned, library, stdout);
    }
    stdout.println("node: strategy " + name + ", speed " + (pace == 0 ? "max (virtual time)" : pace + "x")
        + ", journal " + journal + ", simulated venue");
    stdout.flush();
    try (FundarbNode fundarb = FundarbNode.replay(MarketTape.build(loaded.data(), universe), v, universe, run, assets,
        settings, journal, cluster.pekko(config))) {
      Run.Finished finished = operate(fundarb, config, learned, library, v, name, sizing, runDir,
          (alerts, api) -> { }, () -> "", stdout);
      writeReport(finished, loaded.data(), universe, run, config, v, runDir, stdout);
    }
    return 0;
  }

  /** {@code --venues}: the node trading one simulated account per venue under the portfolio's allocation. */
  private int runPortfolio(Path runDir) throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    FundarbConfig config = common.config();
    NodeConfig node = new NodeConfig(config);
    DataDirectory.Choice dataDir = common.dataDirectory();
    DataCatalog catalog = CommonOptions.dataIn(dataDir);
    if (cluster.clustered(config)) {
      // a member would host venue assets without the portfolio's account of every venue's instruments
      throw new IllegalArgumentException("a portfolio run (--venues) is one node for now: drop --cluster-port,"
          + " --seed and fundarb.cluster's port and seeds");
    }
    long from = common.from != null ? common.fromMillis() : Long.MIN_VALUE;
    try (PortfolioPaper portfolio = new PortfolioPaper(config, catalog, venues, common.symbolsOrDefault(), from,
        common.toMillis(), common.lenient, allocator, strategy != null ? strategy : "split")) {
      double pace = speed != null ? speed : node.speed();
      JournalSettings journal = cluster.journal(config, node.journal(runDir), System.getenv());
      if (journal.holdsEvents()) {
        throw new IllegalArgumentException("the journal " + journal + " already holds a run; a portfolio run starts"
            + " over and keeps no replay journal of its own yet: start it on an empty journal (a new --out)");
      }
      stdout.println("data: " + dataDir.path() + " (" + dataDir.source() + ")");
      portfolio.describe(stdout);
      stdout.println("node: speed " + (pace == 0 ? "max (virtual time)" : pace + "x") + ", journal " + journal);
      stdout.flush();
      AssetSettings assets = node.assets(Strategies.find("carry"), config.strategySettings("carry"));
      try (FundarbNode fundarb = portfolio.start(assets, node.settings(pace), journal, cluster.pekko(config))) {
        operate(fundarb, config, null, null, BacktestOutput.PORTFOLIO, portfolio.policyName(), config.sizing(),
            runDir, (alerts, api) -> { }, () -> "", stdout);
      }
    }
    return 0;
  }

  /**
   * {@code --report}: the run's result beside the baselines backtested over the same data and
   * window (the honest comparison), written as a backtest result directory under the run
   * directory, then as the HTML report.
   */
  private void writeReport(Run.Finished finished, MarketData data, Universe universe, BacktestConfig run,
      FundarbConfig config, String v, Path runDir, PrintWriter stdout) throws java.io.IOException {
    if (report == null) {
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode inputs = JSON.createObjectNode().put("command", "paper")
        .put("strategy", run.strategy()).put("venue", v);
    inputs.putPOJO("assets", universe.pairs().stream().map(p -> p.asset().toString()).toList());
    BacktestOutput output = new BacktestOutput(runDir.resolve("report-data"), inputs);
    BacktestResult paper = finished.result(); // named apart from its own strategy's baseline run
    output.add(new BacktestResult("paper-" + paper.strategy(), paper.venue(), paper.metrics(), paper.equity(),
        paper.positions(), paper.portfolio()), universe);
    for (String baseline : WalkForward.BASELINES) {
      output.add(new Backtester(data, universe, run.withStrategy(baseline, config.strategySettings(baseline))).run(),
          universe);
    }
    output.finish();
    stdout.println("report: " + HtmlReport.write(output.dir(), report));
  }

  /**
   * Alerts and the admin API beside the running node, the status lines, then the metrics table.
   * {@code watch} adds a connected venue's feed and orders to the alerts, the metrics and readiness.
   */
  private Run.Finished operate(FundarbNode fundarb, FundarbConfig config, LearnedPolicy learned,
      RegistryPolicies library, String v, String name, Sizing sizing, Path runDir,
      BiConsumer<Alerts, Optional<AdminApi>> watch, Supplier<String> feedStatus, PrintWriter stdout)
      throws Exception {
    try (Alerts alerts = Alerts.fromConfig(config.raw().getConfig("fundarb.alerts"), System.getenv(), "paper")) {
      alerts.subscribe(fundarb.system());
      AdminApi api = startAdmin(fundarb, config, alerts, learned, library, stdout);
      watch.accept(alerts, Optional.ofNullable(api));
      return finishRun(fundarb, v, name, sizing, runDir, feedStatus, stdout);
    }
  }

  /**
   * The node on a Binance-protocol venue: each asset's market from the websockets, its orders through
   * the REST client, its reports straight back to it. An existing run directory resumes the run:
   * the same run id names the orders, the same baseline reconciles them.
   */
  private int runConnected(MarketData data, ExchangeConfig exchange, Universe universe, BacktestConfig run,
      AssetSettings assets, NodeSettings settings, JournalSettings journal, double pace,
      FundarbConfig config, String name, String v, Sizing sizing, Path runDir, LearnedPolicy learned,
      RegistryPolicies library, PrintWriter stdout) throws Exception {
    long fundingMs = data.assets().get(0).funding().typicalIntervalMs();
    long stepMs = data.assets().get(0).perp().intervalMs(); // the bars the policy was built for
    Path runFile = runDir.resolve(VENUE_RUN);
    ExchangeVenue.Baseline resumed = Files.isRegularFile(runFile) ? JSON.readValue(runFile.toFile(),
        ExchangeVenue.Baseline.class) : null;
    try (ExchangeSession session = venueUrl != null
        ? ExchangeSession.remote(venueUrl, PaperCommand::venueKeys, live, stepMs)
        : ExchangeSession.loopback(data, universe, run.venue(), exchange, sizing.capital(), pace, stepMs)) {
      ExchangeVenue venueLink = session.venue(universe, exchange, sizing.leverage(), resumed);
      if (resumed == null) {
        Files.createDirectories(runDir);
        JSON.writeValue(runFile.toFile(), venueLink.baseline());
      }
      stdout.println("node: strategy " + name + ", journal " + journal + ", " + session.describe()
          + (venueUrl == null ? " replaying " + v + " data at " + pace + "x" : "")
          + (resumed != null ? "; resuming run " + Long.toString(resumed.run(), 36) : ""));
      stdout.flush();
      AssetSettings trading = assets.withTrading(AssetSettings.Trading.of(universe, run, stepMs, fundingMs));
      try (FundarbNode fundarb = FundarbNode.start(trading, FundarbNode.account(v, universe, run, trading, settings),
          journal, cluster.pekko(config), venueLink)) {
        ActorRef<LiveRun.Command> liveRun = fundarb.runLive(universe, run, v);
        venueLink.mirror(reports -> liveRun.tell(new LiveRun.Reported(reports)));
        MarketRouter markets = fundarb.markets(universe.pairs().stream().map(p -> p.asset().toString()).toList());
        session.startFeed(universe, exchange, fundarb.system(), (asset, step) -> {
          venueLink.onStep(asset, step); // funding settlements first: they are booked on the position before the step
          markets.deliver(asset, step);
          liveRun.tell(new LiveRun.Stepped(asset, step));
        });
        session.endWithReplay(data.to(), () -> liveRun.tell(new LiveRun.FeedEnded("end of data")));
        Run.Finished finished = operate(fundarb, config, learned, library, v, name, sizing, runDir,
            (alerts, api) -> session.watch(alerts, api, universe), session::status, stdout);
        stdout.println(session.summary());
        session.venueSummary(universe).ifPresent(stdout::println);
        var differences = venueLink.reconcileNow();
        stdout.println(differences.isEmpty()
            ? "reconciliation at the end: the venue holds what the node executed, on every leg of every asset"
            : "RECONCILIATION MISMATCHES at the end: " + differences);
        stdout.println(fundingLine(venueLink.reconcileFunding()));
        stdout.println(journalsLine(fundarb, universe, venueLink));
        writeReport(finished, data, universe, run, config, v, runDir, stdout);
      }
    }
    return 0;
  }

  /** The funding the node booked against what the venue paid, per asset. */
  static String fundingLine(List<ExchangeVenue.FundingCheck> checks) {
    String each = checks.stream().map(c -> c.matches() ? c.symbol() + " " + Fixed.toString(c.booked())
        : c.symbol() + " booked " + Fixed.toString(c.booked()) + " paid " + Fixed.toString(c.paid()))
        .collect(java.util.stream.Collectors.joining(", "));
    return checks.stream().allMatch(ExchangeVenue.FundingCheck::matches)
        ? "funding at the end: the venue paid what the node booked: " + (checks.isEmpty() ? "no settlement" : each)
        : "FUNDING DIFFERS at the end: " + each;
  }

  /**
   * Each asset's journal (its order actor's books, asked wherever the cluster runs it) against what
   * the venue holds of it: the check that survives an asset moving between members mid-run.
   */
  static String journalsLine(FundarbNode node, Universe universe, io.fundarb.engine.live.OrderGateway venue)
      throws Exception {
    List<String> differ = new java.util.ArrayList<>();
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the last outcomes may still be on their way
    for (int a = 0; a < universe.assetCount(); a++) {
      String id = universe.pair(a).asset().toString();
      io.fundarb.actors.asset.OrderActor.Book book = node.book(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
      while (book.inFlight().length > 0 && System.nanoTime() < settle) {
        TimeUnit.MILLISECONDS.sleep(100);
        book = node.book(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      io.fundarb.engine.exec.Reconciliation.Holding held = venue.holding(a);
      long spot = book.ledger().quantity()[Universe.spotIndex(0)];
      long perp = book.ledger().quantity()[Universe.perpIndex(0)];
      if (spot != held.spot() || perp != held.perp() || book.inFlight().length > 0) {
        differ.add(id + " journal spot " + Fixed.toString(spot) + " perp " + Fixed.toString(perp) + " ("
            + book.inFlight().length + " in flight), venue spot " + Fixed.toString(held.spot()) + " perp "
            + Fixed.toString(held.perp()));
      }
    }
    return differ.isEmpty() ? "journals at the end: the venue holds what each of the " + universe.assetCount()
        + " assets' journals says it executed" : "JOURNALS DIFFER from the venue at the end: " + differ;
  }

  /** The venue's API key and secret from the environment; never printed. */
  private static LoopbackVenue.Credentials venueKeys() {
    String key = System.getenv(VenueCommand.KEY_ENV);
    String secret = System.getenv(VenueCommand.SECRET_ENV);
    if (key == null || secret == null) {
      throw new IllegalArgumentException("--venue-url needs " + VenueCommand.KEY_ENV + " and " + VenueCommand.SECRET_ENV
          + " in the environment (fundarb venue writes generated ones to its --keys-file)");
    }
    return new LoopbackVenue.Credentials(key, secret);
  }

  private static Run.Finished finishRun(FundarbNode fundarb, String v, String name, Sizing sizing, Path runDir,
      Supplier<String> feedStatus, PrintWriter stdout) throws Exception {
    Run.Finished finished = awaitWithStatus(fundarb, feedStatus, stdout);
    stdout.println();
    MetricsTable table = new MetricsTable();
    table.add(v, name + " (paper)", (finished.portfolio() != null ? finished.portfolio().metrics()
        : finished.result().metrics()));
    stdout.print(table.render());
    if (finished.portfolio() != null) {
      venueAccounts(finished.portfolio(), stdout);
    }
    Run.Recovery r = finished.recovery();
    if (r.replayedSteps() > 0) {
      stdout.println("recovered from the journal: re-ran " + r.replayedSteps() + " steps, " + r.matchedEvents()
          + " order events matched, " + r.rewrittenEvents() + " written that the journal lacked, "
          + (r.mismatches().isEmpty() ? "no mismatch" : "MISMATCHES (assets in SAFE mode): " + r.mismatches()));
    }
    stdout.println("finished: " + finished.reason() + "; decisions missed: " + finished.missedDecisions()
        + "; capital " + Fixed.toString(sizing.capital()) + " USDT; journal in " + runDir);
    return finished;
  }

  /**
   * Each venue account of a portfolio in a line: no ratios, since its equity moves with the cash sent
   * between venues and with legs hedged on another venue.
   */
  private static void venueAccounts(io.fundarb.engine.multivenue.PortfolioResult portfolio, PrintWriter stdout) {
    for (BacktestResult account : portfolio.venues()) {
      var ledger = account.portfolio().ledger();
      stdout.println(account.venue() + " account: equity " + Fixed.toString(account.metrics().finalEquity())
          + " USDT, funding " + Fixed.toString(ledger.totalFunding()) + ", fees " + Fixed.toString(ledger.totalFees())
          + ", " + account.metrics().fills() + " fills, deposits net " + Fixed.toString(ledger.deposits()));
    }
    stdout.println("transfers between venues: " + portfolio.transfers() + ", "
        + Fixed.toString(portfolio.transferFees()) + " USDT in fees");
  }

  /** The admin API beside the node, with the models it runs (and their promotion when from a registry). */
  private AdminApi startAdmin(FundarbNode node, FundarbConfig config, Alerts alerts, LearnedPolicy learned,
      RegistryPolicies library, PrintWriter stdout) throws java.io.IOException {
    AdminApi api = AdminApi.serve(node, config.raw().getConfig("fundarb"), alerts, adminPort, stdout);
    if (api == null) {
      return null;
    }
    if (library != null) {
      api.serveModels(library::cards, library);
    } else {
      JsonNode cards = learned == null ? JSON.createArrayNode() : learned.cards();
      api.serveModels(() -> cards, null);
    }
    return api;
  }

  private static Run.Finished awaitWithStatus(FundarbNode node, Supplier<String> feedStatus,
      PrintWriter stdout) throws Exception {
    CompletableFuture<Run.Finished> done = node.finished().toCompletableFuture();
    while (true) {
      try {
        return done.get(2, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        if (node.run() == null) {
          continue;
        }
        Run.Status s = AskPattern.<Run.Query, Run.Status>ask(node.run(), Run.GetStatus::new, Duration.ofSeconds(5),
            node.system().scheduler()).toCompletableFuture().get();
        stdout.printf(Locale.ROOT, "%s  step %,d  equity %s USDT  assets %d%s%s%s%s%n", Times.format(s.time()),
            s.step(), Fixed.toString(s.equity()), s.activeAssets(), s.dailyLossHit() ? "  DAILY-LOSS" : "",
            s.killed() ? "  KILLED" : "", s.recovering() ? "  RECOVERING" : "", feedStatus.get());
        stdout.flush();
      }
    }
  }
}
