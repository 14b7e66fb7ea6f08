package io.fundarb.actors.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
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
 * Two nodes in one cluster over 127.0.0.1: the desk runs on the first, the asset entities are
 * spread over both by Cluster Sharding, so ticks, decisions, execution reports and book queries
 * cross the wire through the Kryo serializer (actor references resolved on arrival). The run must
 * still reproduce the backtester exactly.
 */
class TwoNodeClusterTest {
  @Test
  void assetsOnASecondNodeTradeExactlyAsOnOne() throws Exception {
    MarketData data = RealData.load("BINANCE");
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    BacktestResult expected = new Backtester(data, universe, config).run();
    JournalSettings journal = JournalSettings.h2Memory("two-nodes"); // one JVM: both nodes share the database

    try (FundarbNode first = FundarbNode.start(NodeFixtures.assets("threshold"), journal, ConfigFactory.empty())) {
      Address seed = Cluster.get(first.system()).selfMember().address();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          Cluster.get(first.system()).selfMember().status() == MemberStatus.up());
      Config joinFirst = ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + seed + "\"]");
      try (FundarbNode second = FundarbNode.start(NodeFixtures.assets("threshold"), journal, joinFirst)) {
        Address secondAddress = Cluster.get(second.system()).selfMember().address();
        await().atMost(Duration.ofSeconds(30)).until(() -> regions(first).size() == 2);

        first.runDesk(MarketTape.build(data, universe), data.venue(), universe, config,
            NodeFixtures.assets("threshold"), NodeFixtures.virtualTime());
        ReplayDesk.Finished finished = first.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);

        Map<Address, ShardRegion.ShardRegionStats> regions = regions(first);
        int onSecond = regions.get(secondAddress).getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
        assertEquals(1, onSecond, "one of the two assets lived on the second node: " + regions);
        assertEquals("end of data", finished.reason());
        assertEquals(0, finished.missedDecisions());
        assertEquals(expected.journal().fills(), finished.result().journal().fills());
        assertEquals(expected.metrics(), finished.result().metrics());
        AssetSupervisor.AssetStatus remote = AskPattern.<AssetSupervisor.Command, AssetSupervisor.AssetStatus>ask(
            first.asset("BINANCE:ETHUSDT"), AssetSupervisor.GetStatus::new, Duration.ofSeconds(10),
            first.system().scheduler()).toCompletableFuture().get();
        assertTrue(remote.decisions() > 0, "status answered across the cluster: " + remote);
      }
    }
  }

  /** Every shard region of the asset type the first node's coordinator knows, with its entities per shard. */
  private static Map<Address, ShardRegion.ShardRegionStats> regions(FundarbNode node) throws Exception {
    return AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(
        ClusterSharding.get(node.system()).shardState(),
        replyTo -> new GetClusterShardingStats(AssetSupervisor.TYPE_KEY, Duration.ofSeconds(5), replyTo),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get().getRegions();
  }
}
