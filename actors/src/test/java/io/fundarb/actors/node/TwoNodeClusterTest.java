package io.fundarb.actors.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one cluster over 127.0.0.1: the replay clock and the account singleton run on the
 * first, the asset entities are spread over both by Cluster Sharding, so steps, decisions,
 * reservations, execution reports and queries cross the wire through the Kryo serializer (actor
 * references resolved on arrival). The run must still reproduce the backtester exactly; and an
 * asset that moves when its node leaves comes back on the other with its breaker and pause.
 */
class TwoNodeClusterTest {
  @Test
  void assetsOnASecondNodeTradeExactlyAsOnOneAndKeepTheirStateWhenTheyMove() throws Exception {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    MarketTape tape = MarketTape.build(data, universe);
    BacktestResult expected = new Backtester(data, universe, config).run();
    JournalSettings journal = JournalSettings.h2Memory("two-nodes"); // one JVM: both nodes share the database
    var assets = NodeFixtures.assets("threshold");

    try (FundarbNode first = NodeFixtures.node(assets, universe, config, tape, journal, ConfigFactory.empty())) {
      Address seed = Cluster.get(first.system()).selfMember().address();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          Cluster.get(first.system()).selfMember().status() == MemberStatus.up());
      Config joinFirst = ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + seed + "\"]");
      FundarbNode second = NodeFixtures.node(assets, universe, config, tape, journal, joinFirst);
      Address secondAddress = Cluster.get(second.system()).selfMember().address();
      await().atMost(Duration.ofSeconds(30)).until(() -> regions(first).size() == 2);

      first.runReplay(tape, data.venue(), universe, config, NodeFixtures.virtualTime());
      Run.Finished finished = first.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);

      Map<Address, ShardRegion.ShardRegionStats> regions = regions(first);
      String moving = hostedOn(second, universe);
      int onSecond = regions.get(secondAddress).getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
      assertEquals(1, onSecond, "one of the two assets lived on the second node: " + regions);
      assertEquals("end of data", finished.reason());
      assertEquals(0, finished.missedDecisions());
      assertEquals(expected.journal().fills(), finished.result().journal().fills());
      assertEquals(expected.metrics(), finished.result().metrics());
      AssetEntity.AssetStatus remote = status(first, moving);
      assertTrue(remote.decisions() > 0, "status answered across the cluster: " + remote);

      first.asset(moving).tell(new AssetEntity.Steer(new Steering.PauseAsset(moving, "before the move")));
      first.asset(moving).tell(new AssetEntity.Trip("drill", finished.result().equity().time(0)));
      await().atMost(Duration.ofSeconds(30)).until(() -> status(first, moving).breaker() == CircuitBreaker.State.OPEN);
      second.close(); // leaves the cluster: its shards move to the first node, remembered entities restart there
      await().atMost(Duration.ofSeconds(60)).until(() -> regions(first).size() == 1);
      AssetEntity.AssetStatus moved = status(first, moving);
      assertEquals(CircuitBreaker.State.OPEN, moved.breaker(), "the breaker came back with the move: " + moved);
      assertTrue(moved.paused(), "and so did the pause: " + moved.mode());
      assertEquals(0, moved.decisions(), "a fresh entity on the first node, recovered from the journal");
    }
  }

  /** The asset whose entity runs on {@code node}. */
  private static String hostedOn(FundarbNode node, Universe universe) throws Exception {
    var local = AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
        ShardRegion.CurrentShardRegionState>ask(ClusterSharding.get(node.system()).shardState(),
        reply -> new org.apache.pekko.cluster.sharding.typed.GetShardRegionState(AssetEntity.TYPE_KEY, reply),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get();
    return local.getShards().stream().flatMap(s -> s.getEntityIds().stream()).findFirst()
        .orElseThrow(() -> new AssertionError("no asset on " + node.system()));
  }

  private static AssetEntity.AssetStatus status(FundarbNode node, String asset) throws Exception {
    return AskPattern.<AssetEntity.Command, AssetEntity.AssetStatus>ask(node.asset(asset), AssetEntity.GetStatus::new,
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get();
  }

  /** Every shard region of the asset type the first node's coordinator knows, with its entities per shard. */
  private static Map<Address, ShardRegion.ShardRegionStats> regions(FundarbNode node) throws Exception {
    return AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
        ClusterSharding.get(node.system()).shardState(),
        replyTo -> new GetClusterShardingStats(AssetEntity.TYPE_KEY, Duration.ofSeconds(5), replyTo),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get().getRegions();
  }
}
