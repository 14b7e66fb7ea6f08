package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's journal on a real PostgreSQL server: a replay writes its orders there and a fresh
 * actor system recovers the same order book from it; a node killed mid-trade recovers from it. Runs when FUNDARB_TEST_POSTGRES_URL names a
 * server database (e.g. jdbc:postgresql://127.0.0.1:5432/test, user postgres, trust auth; .ci/run
 * sets it); it creates and drops its own database.
 */
@EnabledIfEnvironmentVariable(named = "FUNDARB_TEST_POSTGRES_URL", matches = ".+",
    disabledReason = "set FUNDARB_TEST_POSTGRES_URL (and FUNDARB_TEST_POSTGRES_USER) to run the PostgreSQL journal tests")
class PostgresJournalTest {
  private static final String ADMIN_URL = System.getenv("FUNDARB_TEST_POSTGRES_URL");
  private static final String USER = System.getenv().getOrDefault("FUNDARB_TEST_POSTGRES_USER", "postgres");

  @TempDir Path dir;

  /** A journal test body on a database of its own, created before and dropped after. */
  private interface OnDatabase {
    void run(String url) throws Exception;
  }

  private static void withDatabase(String name, OnDatabase test) throws Exception {
    String db = "fundarb_" + name + "_" + ProcessHandle.current().pid();
    sql("DROP DATABASE IF EXISTS " + db);
    sql("CREATE DATABASE " + db);
    // commits need not wait for the server's disk flush: these tests kill JVMs, never the server
    sql("ALTER DATABASE " + db + " SET synchronous_commit = off");
    try {
      test.run(ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + db));
    } finally {
      sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  @Test
  void snapshotsAreWrittenAndRecoveryStartsFromThem() throws Exception {
    withDatabase("snapshot_test", url -> {
      JournalSettings journal = JournalSettings.postgres(url, USER, "");
      try (FundarbNode node = FundarbNode.start(NodeFixtures.assets("flat"), journal, ConfigFactory.empty())) {
        // creates the tables; the order book below runs in a plain test kit on the same database
      }
      String asset = "BINANCE:SNAPUSDT";
      OrderActor.Book written = inKit(journal, kit -> {
        var orders = kit.spawn(OrderActor.create(asset));
        for (long id = 1; id <= 550; id++) {
          orders.tell(new OrderActor.Record(new OrderActor.Accepted(id, asset, id)));
          orders.tell(new OrderActor.Record(new OrderActor.Filled(id, asset, id, 1, 100, 0, id % 2 == 0)));
        }
        return book(kit, orders);
      });
      assertEquals(1_100, written.trail().events());
      assertTrue(count(journal, "SELECT count(*) FROM snapshot WHERE persistence_id = 'orders|" + asset + "'") >= 1,
          "a snapshot every 1,000 events");
      OrderActor.Book recovered = inKit(journal, kit -> book(kit, kit.spawn(OrderActor.create(asset))));
      assertEquals(written, recovered, "snapshot plus the events after it rebuild the same book (trail included)");
    });
  }

  private interface InKit<T> {
    T run(ActorTestKit kit) throws Exception;
  }

  private static <T> T inKit(JournalSettings journal, InKit<T> body) throws Exception {
    ActorTestKit kit = ActorTestKit.create(journal.toConfig()
        .withFallback(ConfigFactory.parseResources("fundarb-node.conf"))
        .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
    try {
      return body.run(kit);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static OrderActor.Book book(ActorTestKit kit, org.apache.pekko.actor.typed.ActorRef<OrderActor.Command> orders) {
    TestProbe<OrderActor.Book> probe = kit.createTestProbe();
    orders.tell(new OrderActor.GetBook(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(60));
  }

  @Test
  void aNodeKilledMidTradeRecoversFromPostgres() throws Exception {
    withDatabase("crash_test", url -> CrashRecoveryTest.killMidTradeAndRecover(dir, url));
  }

  @Test
  void ordersJournaledInPostgresAreRecoveredByANewNode() throws Exception {
    withDatabase("journal_test", url -> {
      JournalSettings journal = JournalSettings.postgres(url, USER, "");
      MarketData data = RealData.load("BINANCE", "BTCUSDT");
      data = data.slice(data.from(), data.from() + 60L * 86_400_000L);
      Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
      BacktestConfig config = RealData.config("carry");
      OrderActor.Book written;
      try (FundarbNode node = FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config,
          NodeFixtures.assets("carry"), NodeFixtures.virtualTime(), journal, ConfigFactory.empty())) {
        ReplayDesk.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertTrue(finished.result().metrics().fills() > 0);
        written = AskPattern.<AssetSupervisor.Command, OrderActor.Book>ask(
            ClusterSharding.get(node.system()).entityRefFor(AssetSupervisor.TYPE_KEY, "BINANCE:BTCUSDT"),
            AssetSupervisor.GetBook::new, Duration.ofSeconds(10), node.system().scheduler())
            .toCompletableFuture().get();
        assertEquals(finished.result().metrics().fills(), written.fills());
      }
      assertTrue(count(journal, "SELECT count(*) FROM event_journal WHERE persistence_id = 'orders|BINANCE:BTCUSDT'")
          >= written.accepted() + written.fills());

      assertEquals(written, inKit(journal, kit -> book(kit, kit.spawn(OrderActor.create("BINANCE:BTCUSDT")))));
    });
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static long count(JournalSettings journal, String query) throws Exception {
    try (Connection c = DriverManager.getConnection(journal.url(), USER, ""); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }
}
