package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The cluster options: member address and seeds over the config, and the shared journal rule. */
class ClusterOptionsTest {
  private static final FundarbConfig CONFIG = FundarbConfig.load(null);
  private static final JournalSettings H2 = JournalSettings.h2File(Path.of("runs", "x"));

  private static ClusterOptions parse(String... args) {
    ClusterOptions options = new ClusterOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void aMemberTakesItsAddressAndSeedsFromTheCommandLine() {
    Config pekko = parse("--cluster-port", "2552", "--seed", "127.0.0.1:2551", "--seed", "10.0.0.2:2551")
        .pekko(CONFIG);
    assertEquals(2552, pekko.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("127.0.0.1", pekko.getString("pekko.remote.artery.canonical.hostname"), "the config's host");
    assertEquals(List.of("pekko://fundarb@127.0.0.1:2551", "pekko://fundarb@10.0.0.2:2551"),
        pekko.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void aNodeAloneKeepsItsEmbeddedJournalAndAClusteredOneNeedsPostgres() {
    assertFalse(parse().clustered(CONFIG));
    assertEquals(H2, parse().journal(CONFIG, H2, Map.of()));
    var refused = assertThrows(IllegalArgumentException.class,
        () -> parse("--cluster-port", "2551").journal(CONFIG, H2, Map.of()));
    assertTrue(refused.getMessage().contains("shared PostgreSQL journal"), refused.getMessage());
    JournalSettings given = parse("--cluster-port", "2551", "--journal", "jdbc:postgresql://127.0.0.1:5432/test")
        .journal(CONFIG, H2, Map.of("FUNDARB_JOURNAL_PASSWORD", "pw"));
    assertEquals(JournalSettings.postgres("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "pw"), given);
    assertEquals("jdbc:postgresql://db:5432/fundarb", parse("--seed", "node-1:2551").journal(CONFIG, H2,
        Map.of("FUNDARB_JOURNAL_URL", "jdbc:postgresql://db:5432/fundarb")).url(), "or from the environment");
  }

  @Test
  void badAddressesAreOneClearLine() {
    for (String seed : List.of("node-1", "node-1:", ":2551", "node-1:port", "node-1:70000")) {
      var e = assertThrows(IllegalArgumentException.class, () -> parse("--seed", seed).pekko(CONFIG), seed);
      assertTrue(e.getMessage().startsWith("--seed"), e.getMessage());
    }
    var journal = assertThrows(IllegalArgumentException.class,
        () -> parse("--journal", "jdbc:h2:mem:x").journal(CONFIG, H2, Map.of()));
    assertTrue(journal.getMessage().contains("PostgreSQL JDBC URL"), journal.getMessage());
  }
}
