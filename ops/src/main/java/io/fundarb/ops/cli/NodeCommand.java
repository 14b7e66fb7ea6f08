package io.fundarb.ops.cli;

import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.asset.RemoteGateway;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.ops.admin.AdminApi;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.config.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fundarb node}: a cluster member without a run of its own. It joins the configured seed
 * nodes and hosts its share of the asset entities (feed, strategy, risk and order actors) that a
 * {@code fundarb paper} node's run steps, and can host the account singleton. Journals must be
 * shared (PostgreSQL), since an entity may move between nodes when the cluster rebalances.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Runs a cluster member that hosts asset entities for a paper node's run (no run of its own).",
        "Needs a seed to join (--seed host:port, e.g. the paper node's --cluster-port) and the shared PostgreSQL",
        "journal (--journal jdbc:postgresql://... or FUNDARB_JOURNAL_URL); serves its admin API on --admin-port.",
        "Every node must run the same policy (--strategy, default from config) and configuration (--config); with a",
        "connected run (paper --venue loopback|--venue-url) give --connected."})
public final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Option(names = "--config", paramLabel = "<file>", description = "HOCON file overriding conf/reference.conf")
  Path config;

  @Option(names = "--strategy", paramLabel = "<name>", description = "policy of the assets hosted here (default from config)")
  String strategy;

  @Option(names = "--admin-port", paramLabel = "<port>", description = "admin API port (default from config: 8081)")
  Integer adminPort;

  @Option(names = "--connected", description = {"the run trades on a connected venue (paper --venue loopback or",
      "--venue-url): the assets hosted here send their orders through the run node's venue connection"})
  boolean connected;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    FundarbConfig fundarb = FundarbConfig.load(config);
    NodeConfig node = new NodeConfig(fundarb);
    if (!cluster.clustered(fundarb)) {
      throw new IllegalArgumentException("fundarb node joins a cluster: give a seed to join (--seed host:port, e.g."
          + " the paper node's --cluster-port) and this node's own --cluster-port");
    }
    // a clustered node: the journal is the shared PostgreSQL one, or refused
    JournalSettings journal = cluster.journal(fundarb, node.journal(Path.of("runs", "node")), System.getenv());
    String name = strategy != null ? strategy : node.strategy();
    StrategySettings settings = fundarb.strategySettings(name);
    String venue = fundarb.venue().toUpperCase(java.util.Locale.ROOT);
    io.fundarb.engine.instrument.Universe universe = fundarb.universe(venue, fundarb.symbols());
    io.fundarb.engine.backtest.BacktestConfig account = new io.fundarb.engine.backtest.BacktestConfig(name, settings,
        fundarb.sizing(), fundarb.simVenue(venue, null), fundarb.planner(), false);
    long eightHours = 8 * io.fundarb.engine.time.Times.HOUR_MS; // the bars and funding interval of the run's data
    AssetSettings assets = node.assets(Strategies.find(name), settings)
        .withTrading(AssetSettings.Trading.of(universe, account, eightHours, eightHours));
    try (FundarbNode member = FundarbNode.start(assets, FundarbNode.account(venue, universe, account, assets,
        node.settings(node.speed())), journal, cluster.pekko(fundarb),
        system -> connected ? RemoteGateway.start(system, venue) : null);
        Alerts alerts = Alerts.fromConfig(fundarb.raw().getConfig("fundarb.alerts"), System.getenv(), "node")) {
      alerts.subscribe(member.system());
      stdout.println("node: " + Cluster.get(member.system()).selfMember().address() + ", strategy " + name
          + ", journal " + journal + (connected ? ", orders through the run node's venue connection" : "")
          + "; hosting asset entities until stopped");
      AdminApi.serve(member, fundarb.raw().getConfig("fundarb"), alerts, adminPort, stdout);
      member.system().getWhenTerminated().toCompletableFuture().get();
    }
    return 0;
  }
}
