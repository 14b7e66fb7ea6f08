package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.Required;
import io.fundarb.engine.testing.TestInstruments;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's journal on a real PostgreSQL server: a replay writes its assets' order journals (and
 * their snapshots) there and a new node recovers the same books from it; a node killed mid-trade
 * recovers from it. Runs when FUNDARB_TEST_POSTGRES_URL names a server database (e.g.
 * jdbc:postgresql://127.0.0.1:5432/test, user postgres, trust auth; .ci/run sets it); it creates
 * and drops its own database.
 */
class PostgresJournalTest {
  private static final String USER = System.getenv().getOrDefault("FUNDARB_TEST_POSTGRES_USER", "postgres");
  private static String adminUrl;

  @TempDir Path dir;

  @BeforeAll
  static void server() {
    adminUrl = Required.environment("FUNDARB_TEST_POSTGRES_URL",
        "set it (and FUNDARB_TEST_POSTGRES_USER) to run the PostgreSQL journal tests; .ci/run does");
  }

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
      test.run(adminUrl.replaceAll("/[^/?]+(\\?.*)?$", "/" + db));
    } finally {
      sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  @Test
  void aNodeKilledMidTradeRecoversFromPostgres() throws Exception {
    withDatabase("crash_test", url -> CrashRecoveryTest.killMidTradeAndRecover(dir, url));
  }

  @Test
  void booksJournaledInPostgresWithSnapshotsAreRecoveredByANewNode() throws Exception {
    withDatabase("journal_test", url -> {
      JournalSettings journal = JournalSettings.postgres(url, USER, "");
      MarketData data = RealData.load("BINANCE", "BTCUSDT");
      Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
      BacktestConfig config = RealData.config("threshold");
      MarketTape tape = MarketTape.build(data, universe);
      OrderActor.Book written;
      assertTrue(!journal.holdsEvents(), "a new database holds no run");
      try (FundarbNode member = NodeFixtures.node(NodeFixtures.assets("threshold"), universe, config, tape, journal,
          ConfigFactory.empty())) { // a member started before the run's node: sharding writes its bookkeeping
        org.awaitility.Awaitility.await("sharding's coordinator journaled").atMost(java.time.Duration.ofSeconds(60))
            .until(() -> count(journal, "SELECT count(*) FROM event_journal WHERE persistence_id LIKE '/sharding/%'") > 0);
        assertTrue(!journal.holdsEvents(), "sharding's bookkeeping is not a run: the run's node may start on it");
      }
      try (FundarbNode node = FundarbNode.replay(tape, data.venue(), universe, config, NodeFixtures.assets("threshold"),
          NodeFixtures.virtualTime(), journal, ConfigFactory.empty())) {
        Run.Finished finished = node.finished().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertTrue(journal.holdsEvents(), "a run's journal holds its events: a new run must not start on it");
        assertTrue(finished.result().metrics().fills() > 0);
        written = node.book("BINANCE:BTCUSDT").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(finished.result().metrics().fills(), written.fills());
      }
      assertTrue(count(journal, "SELECT count(*) FROM snapshot WHERE persistence_id = 'orders|BINANCE:BTCUSDT'") >= 1,
          "the order journal snapshots every " + OrderActor.SNAPSHOT_EVERY + " events: " + written.trail());
      try (FundarbNode again = NodeFixtures.node(NodeFixtures.assets("threshold"), universe, config, tape, journal,
          ConfigFactory.empty())) {
        OrderActor.Book recovered = again.book("BINANCE:BTCUSDT").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(written.trail(), recovered.trail(), "snapshot plus the events after it: the same trail");
        assertEquals(written.ledger(), recovered.ledger(), "and the same books");
        assertArrayEquals(written.inFlight(), recovered.inFlight());
        assertEquals(written.fills(), recovered.fills());
      }
    });
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(adminUrl, USER, ""); Statement s = c.createStatement()) {
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
