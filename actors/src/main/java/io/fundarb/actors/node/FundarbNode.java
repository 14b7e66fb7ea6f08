package io.fundarb.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.asset.LocalFeeds;
import io.fundarb.actors.asset.MarketRouter;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.asset.PolicyLibrary;
import io.fundarb.actors.asset.RemoteGateway;
import io.fundarb.actors.asset.TradingLinks;
import io.fundarb.actors.asset.VenueGatewayActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.multivenue.AllocationPolicy;
import io.fundarb.engine.multivenue.MultiVenueBacktester;
import io.fundarb.engine.multivenue.Opportunities;
import io.fundarb.engine.multivenue.PortfolioSettings;
import io.fundarb.engine.multivenue.VenueMarket;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.sim.MarketTape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * A running fundarb node: an actor system that joins its own one-node cluster (or the seed nodes
 * configured), makes sure the journal tables exist, runs the account actor as a cluster singleton
 * and registers the asset entity type with Cluster Sharding. A run then drives the assets: a
 * {@link ReplayClock} over a replayed tape and the simulated venue (backtest-equal paper), or a
 * {@link LiveRun} on a connected venue. Only the clock and the venue differ.
 */
public final class FundarbNode implements AutoCloseable {
  private final ActorSystem<Command> system;
  private final CompletableFuture<Run.Finished> finished = new CompletableFuture<>();
  private volatile ActorRef<Run.Query> run;
  private ActorRef<AccountActor.Command> account;
  /** Every venue account's actor by venue (one, unless the node runs a portfolio). */
  private final Map<String, ActorRef<AccountActor.Command>> accounts = new LinkedHashMap<>();
  private AccountActor.Settings accountSettings;

  /** Local to this node (never sent to another): not checked by serialize-messages. */
  sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** Spawns the run built by {@code behavior} for the ref that hears its end. */
  private record StartRun(Function<ActorRef<Run.Finished>, Behavior<?>> behavior, String name,
      CompletableFuture<ActorRef<?>> started) implements Command {}

  private record RunFinished(Run.Finished finished) implements Command {}

  /** The node is shutting down: the run stops first, so it sends the assets nothing while they hand off. */
  private record StopRun(ActorRef<Done> replyTo) implements Command {}

  private FundarbNode(Config config) {
    this.system = ActorSystem.create(guardian(), "fundarb", config);
    // a run still sending steps kept the shard region's graceful shutdown waiting on its buffer (10 s)
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-run",
        () -> AskPattern.ask(system, StopRun::new, Duration.ofSeconds(5), system.scheduler()));
  }

  /**
   * Starts a node without a run: the actor system on its cluster, the journal tables, the account
   * singleton and the asset entity type. {@link #runReplay} or {@link #runLive} adds a run.
   *
   * @param userConfig extra Pekko settings (may be empty): seed nodes, ports, logging
   * @param gateway the connected venue's connection the assets trade through, or null (simulated venue)
   */
  public static FundarbNode start(AssetSettings assetSettings, AccountActor.Settings accountSettings,
      JournalSettings journal, Config userConfig, OrderGateway gateway) {
    return start(assetSettings, accountSettings, journal, userConfig, system -> gateway);
  }

  /**
   * As {@link #start(AssetSettings, AccountActor.Settings, JournalSettings, Config, OrderGateway)},
   * the connection made once the actor system exists: a member trading through the cluster's
   * connection ({@link RemoteGateway}). A connection of this node's own is offered to the cluster's
   * other members ({@link VenueGatewayActor}).
   */
  public static FundarbNode start(AssetSettings assetSettings, AccountActor.Settings accountSettings,
      JournalSettings journal, Config userConfig, Function<ActorSystem<?>, OrderGateway> connection) {
    return start(assetSettings, List.of(accountSettings), journal, userConfig, connection);
  }

  /** As above with one account per venue (a portfolio): each asset trades in its venue's. */
  private static FundarbNode start(AssetSettings assetSettings, List<AccountActor.Settings> accountSettings,
      JournalSettings journal, Config userConfig, Function<ActorSystem<?>, OrderGateway> connection) {
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
    for (AccountActor.Settings settings : accountSettings) {
      node.accounts.put(settings.venue(), ClusterSingleton.get(node.system).init(
          SingletonActor.of(AccountActor.create(settings), "account-" + settings.venue())));
    }
    node.accountSettings = accountSettings.get(0);
    node.account = node.accounts.get(node.accountSettings.venue());
    OrderGateway gateway = connection.apply(node.system);
    if (gateway != null && !(gateway instanceof RemoteGateway)) {
      VenueGatewayActor.offer(node.system, node.accountSettings.venue(), gateway);
    }
    if (accountSettings.size() == 1) {
      TradingLinks.get(node.system).link(node.account, gateway);
    } else {
      TradingLinks.get(node.system).link(node.accounts, gateway);
    }
    AssetEntity.initSharding(node.system, assetSettings);
    return node;
  }

  /** The account of a run: its venue, the configured limits as the ceiling, and the assets' max notional. */
  public static AccountActor.Settings account(String venue, Universe universe, BacktestConfig config,
      AssetSettings assets, NodeSettings node) {
    return new AccountActor.Settings(venue, new TunableLimits(assets.limits().maxPositionRatio(),
        node.maxPortfolioRatio(), node.maxDailyLoss()), config.sizing().maxNotional(universe.assetCount()),
        universe.assetCount());
  }

  /**
   * Starts a node replaying {@code tape} on the simulated venue; assets without an account of their
   * own trade in the replay's (its universe, sizing, and the tape's bar and funding intervals).
   */
  public static FundarbNode replay(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      AssetSettings assetSettings, NodeSettings nodeSettings, JournalSettings journal, Config userConfig) {
    AssetSettings assets = assetSettings.trading() != null ? assetSettings
        : assetSettings.withTrading(AssetSettings.Trading.of(universe, config,
            tape.bars(Universe.perpIndex(0)).intervalMs(), tape.funding(Universe.perpIndex(0)).typicalIntervalMs()));
    FundarbNode node = start(assets, account(venueName, universe, config, assets, nodeSettings), journal, userConfig,
        (OrderGateway) null);
    node.runReplay(tape, venueName, universe, config, nodeSettings);
    return node;
  }

  /**
   * Starts a node replaying a portfolio of simulated venue accounts ({@link PortfolioClock}): one
   * account actor per venue, one asset entity per venue asset (VENUE:SYMBOL), each planning and
   * sending the legs the allocation wants for it. The assets' own policy is a hold: they follow
   * the allocation ({@link OrderActor.Legs}).
   */
  public static FundarbNode portfolio(List<VenueMarket> venues, Opportunities.Offered offered,
      BacktestConfig config, PortfolioSettings portfolio, AllocationPolicy policy, AssetSettings assetSettings,
      NodeSettings nodeSettings, JournalSettings journal, Config userConfig) {
    List<CarryPair> pairs = new ArrayList<>();
    List<AccountActor.Settings> accounts = new ArrayList<>();
    long perAsset = MultiVenueBacktester.opportunityNotional(config.sizing(), portfolio.limits());
    for (VenueMarket venue : venues) {
      pairs.addAll(venue.universe().pairs());
      accounts.add(new AccountActor.Settings(venue.name(), new TunableLimits(assetSettings.limits().maxPositionRatio(),
          nodeSettings.maxPortfolioRatio(), nodeSettings.maxDailyLoss()), perAsset, venue.universe().assetCount(),
          false));
    }
    Universe all = new Universe(pairs);
    MarketTape first = venues.get(0).tape();
    // Every venue asset plans with what one opportunity may hold as its max notional, as the
    // portfolio backtest's venue traders do; spot is never lent in a portfolio (carry only goes long spot).
    AssetSettings.Trading trading = new AssetSettings.Trading(all, config.planner(), config.sizing().leverage(),
        perAsset, false, config.roundTripCost(), first.bars(Universe.perpIndex(0)).intervalMs(),
        first.funding(Universe.perpIndex(0)).typicalIntervalMs(), config.tradeFrom(), all.pair(0).hedgeLot());
    AssetSettings following = new AssetSettings(() -> view -> Double.NaN, assetSettings.limits(),
        assetSettings.breaker(), assetSettings.maxStaleMs(), assetSettings.minBackoff(), assetSettings.maxBackoff(),
        false, "allocation", PolicyLibrary.NONE, trading);
    FundarbNode node = start(following, accounts, journal, userConfig, system -> null);
    List<ActorRef<AccountActor.Command>> refs = new ArrayList<>(node.accounts.values());
    node.startRun(done -> PortfolioClock.create(venues, offered, config, portfolio, policy, nodeSettings,
        node.assets(), refs, done), "portfolio");
    return node;
  }

  /** Starts the replay clock: virtual time on the simulated venue. */
  public void runReplay(MarketTape tape, String venueName, Universe universe, BacktestConfig config,
      NodeSettings nodeSettings) {
    startRun(done -> ReplayClock.create(tape, venueName, universe, config, nodeSettings, accountSettings.ceiling(),
        assets(), account, done), "replay");
  }

  /**
   * Starts a run on the connected venue this node was started with: the feed's steps go to each
   * asset ({@link #asset}) and to the returned run's books ({@link LiveRun.Stepped}), the venue
   * connection's reports to the run's books too ({@link LiveRun.Reported}).
   */
  public ActorRef<LiveRun.Command> runLive(Universe universe, BacktestConfig config, String venueName) {
    return startRun(done -> LiveRun.create(universe, config, venueName, accountSettings.ceiling(), assets(), account,
        done), "live");
  }

  @SuppressWarnings("unchecked")
  private <T> ActorRef<T> startRun(Function<ActorRef<Run.Finished>, Behavior<T>> behavior, String name) {
    CompletableFuture<ActorRef<?>> started = new CompletableFuture<>();
    system.tell(new StartRun(done -> behavior.apply(done), name, started));
    ActorRef<T> ref = (ActorRef<T>) started.join();
    run = (ActorRef<Run.Query>) ref;
    return ref;
  }

  private Function<String, RecipientRef<AssetEntity.Command>> assets() {
    return this::asset;
  }

  /**
   * Where a live feed on this node hands each asset's market steps ({@code ids}: the entity ids, by
   * the feed's asset index): straight to the feeds of the entities running here, through sharding
   * to the others. One per feed; used from the feed's thread.
   */
  public MarketRouter markets(List<String> ids) {
    return new MarketRouter(LocalFeeds.get(system), this::asset, ids);
  }

  /** The asset's sharded entity (started on first message, wherever the cluster places it). */
  public EntityRef<AssetEntity.Command> asset(String id) {
    return ClusterSharding.get(system).entityRefFor(AssetEntity.TYPE_KEY, id);
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
      ActorRef<Run.Finished> done = context.messageAdapter(Run.Finished.class, RunFinished::new);
      return Behaviors.receive(Command.class)
          .onMessage(StartRun.class, start -> {
            start.started().complete(context.spawn(start.behavior().apply(done), start.name()));
            return Behaviors.same();
          })
          .onMessage(RunFinished.class, f -> {
            finished.complete(f.finished());
            return Behaviors.same();
          })
          .onMessage(StopRun.class, stop -> {
            context.getChildren().forEach(context::stop);
            stop.replyTo().tell(Done.getInstance());
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Completes when the run ends (end of data or of the feed, or killed and flat). */
  public CompletionStage<Run.Finished> finished() {
    return finished;
  }

  /** The run (status, positions, orders, steering); null until one started. */
  public ActorRef<Run.Query> run() {
    return run;
  }

  /** The account actor's singleton name (one per venue account). */
  public String accountName() {
    return "account-" + accountSettings.venue();
  }

  /** Every venue account's actor by venue (one, unless the node runs a portfolio). */
  public Map<String, ActorRef<AccountActor.Command>> accounts() {
    return java.util.Collections.unmodifiableMap(accounts);
  }

  /** The account actor (its cluster singleton's proxy on this node; a portfolio's first venue's). */
  public ActorRef<AccountActor.Command> account() {
    return account;
  }

  /** An asset's durable order book (what its journal holds), asked through sharding. */
  public CompletionStage<OrderActor.Book> book(String asset) {
    return asset(asset).ask(AssetEntity.GetBook::new, Duration.ofSeconds(30));
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
