package io.fundarb.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.live.ConnectedVenue;
import io.fundarb.engine.live.LiveMarket;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * A running fundarb node: an actor system that joins its own one-node cluster (or the seed
 * nodes configured), registers the asset entity type with Cluster Sharding, makes sure the
 * journal tables exist, and runs the portfolio desk over a replayed market. Paper and replay
 * use it; live differs only in the venue and the clock.
 */
public final class FundarbNode implements AutoCloseable {
  private final ActorSystem<Command> system;
  private final CompletableFuture<ReplayDesk.Finished> finished = new CompletableFuture<>();
  private volatile ActorRef<ReplayDesk.Command> desk;
  private final StepLatency stepLatency = new StepLatency();

  sealed interface Command {}

  private record StartDesk(ReplayAccount account, OrderJournal orders, NodeSettings settings, TunableLimits ceiling,
      Function<String, RecipientRef<AssetSupervisor.Command>> assets) implements Command {}

  private record DeskFinished(ReplayDesk.Finished finished) implements Command {}

  private FundarbNode(Config config) {
    this.system = ActorSystem.create(guardian(), "fundarb", config);
  }

  /**
   * Starts a node without a desk: the actor system on its cluster, the journal tables, and the
   * asset entity type registered with sharding. {@link #replay} adds the replaying desk;
   * benchmarks and tools drive the assets directly through {@link #asset}.
   *
   * @param userConfig extra Pekko settings (may be empty): seed nodes, ports, logging
   */
  public static FundarbNode start(AssetSettings assetSettings, JournalSettings journal, Config userConfig) {
    // -D system properties (e.g. a container's canonical hostname, port and seed nodes) win over
    // the node's defaults, as they would over an application.conf
    Config pekko = userConfig.withFallback(ConfigFactory.defaultOverrides()).withFallback(journal.toConfig())
        .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
        .withFallback(ConfigFactory.load());
    FundarbNode node = new FundarbNode(pekko);
    try {
      SchemaUtils.createIfNotExists(node.system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      node.close();
      throw new IllegalStateException("journal " + journal + " is not usable: " + rootMessage(e), e);
    }
    AssetSupervisor.initSharding(node.system, assetSettings);
    return node;
  }

  /** Starts a node replaying {@code tape} with the asset settings' strategy on the simulated venue. */
  public static FundarbNode replay(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      AssetSettings assetSettings, NodeSettings nodeSettings, JournalSettings journal, Config userConfig) {
    FundarbNode node = start(assetSettings, journal, userConfig);
    node.runDesk(tape, venueName, universe, config, assetSettings, nodeSettings);
    return node;
  }

  /**
   * Starts the replaying desk on this node. Its assets are sharded entities: on this node or on
   * any other node of the cluster that registered the entity type (see {@link #start}).
   */
  public void runDesk(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      AssetSettings assetSettings, NodeSettings nodeSettings) {
    Function<String, RecipientRef<AssetSupervisor.Command>> assets = this::asset;
    OrderJournal orders = ReplayDesk.reportsTo(assets);
    startDesk(new ReplayAccount(tape, venueName, universe, config, new Strategy[universe.assetCount()],
        ReplayDesk.listener(orders)), orders, assets, assetSettings, nodeSettings);
  }

  /**
   * Starts the desk on a connected venue: its steps come from {@code market} (a live feed), its
   * orders go to {@code venue}; everything else is the replaying desk's.
   */
  public void runDesk(LiveMarket market, ConnectedVenue venue, String venueName, Universe universe,
      BacktestConfig config, AssetSettings assetSettings, NodeSettings nodeSettings) {
    Function<String, RecipientRef<AssetSupervisor.Command>> assets = this::asset;
    OrderJournal orders = ReplayDesk.reportsTo(assets);
    startDesk(new ReplayAccount(market, venue, venueName, universe, config, ReplayDesk.listener(orders)), orders,
        assets, assetSettings, nodeSettings);
  }

  private void startDesk(ReplayAccount account, OrderJournal orders,
      Function<String, RecipientRef<AssetSupervisor.Command>> assets, AssetSettings assetSettings,
      NodeSettings nodeSettings) {
    // operators see every asset's row on /assets/{id}; only a model policy needs it on each tick
    account.trackFeatures(assetSettings.modelPolicy());
    TunableLimits configured = new TunableLimits(assetSettings.limits().maxPositionRatio(),
        nodeSettings.maxPortfolioRatio(), nodeSettings.maxDailyLoss());
    system.tell(new StartDesk(account, orders, nodeSettings, configured, assets));
  }

  /** The asset's sharded entity (started on first message, wherever the cluster places it). */
  public EntityRef<AssetSupervisor.Command> asset(String id) {
    return ClusterSharding.get(system).entityRefFor(AssetSupervisor.TYPE_KEY, id);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private Behavior<Command> guardian() {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      if (context.getSystem().settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      ActorRef<ReplayDesk.Finished> done = context.messageAdapter(ReplayDesk.Finished.class, DeskFinished::new);
      return Behaviors.receive(Command.class)
          .onMessage(StartDesk.class, start -> {
            desk = context.spawn(ReplayDesk.create(start.account(), start.orders(), start.settings(), start.ceiling(),
                start.assets(), stepLatency, done), "desk");
            return Behaviors.same();
          })
          .onMessage(DeskFinished.class, f -> {
            finished.complete(f.finished());
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Completes when the replay ends (end of data, or killed and flat). */
  public CompletionStage<ReplayDesk.Finished> finished() {
    return finished;
  }

  /** Each step's tick → intent latency, for metrics. */
  public StepLatency stepLatency() {
    return stepLatency;
  }

  /** The portfolio desk (kill switch, add/remove asset, status); null until started. */
  public ActorRef<ReplayDesk.Command> desk() {
    return desk;
  }

  /** An asset's durable order book (what its journal holds), asked through sharding. */
  public CompletionStage<OrderActor.Book> book(String asset) {
    return asset(asset).ask(AssetSupervisor.GetBook::new, java.time.Duration.ofSeconds(30));
  }

  public ActorSystem<?> system() {
    return system;
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
