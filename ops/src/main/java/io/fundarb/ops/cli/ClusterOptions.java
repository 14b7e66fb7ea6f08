package io.fundarb.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.ops.config.FundarbConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a node takes part in a cluster, from the command line over {@code fundarb.cluster} in HOCON:
 * its address ({@code --cluster-host}, {@code --cluster-port}), the seeds it joins ({@code --seed
 * host:port}, repeatable; the first node lists itself or nothing) and its roles; and the shared
 * journal ({@code --journal <jdbc url>} or {@code FUNDARB_JOURNAL_URL}). A clustered node (a port or
 * a seed given) refuses the embedded H2 journal: asset entities move between nodes and must find
 * their journals wherever they land.
 */
final class ClusterOptions {
  /** The actor system's name: every member of one cluster has it. */
  static final String SYSTEM = "fundarb";

  @Option(names = "--cluster-host", paramLabel = "<host>",
      description = "address other members reach this node at (default from config: 127.0.0.1)")
  String host;

  @Option(names = "--cluster-port", paramLabel = "<port>",
      description = "cluster port of this node; setting it makes the node a cluster member (default: config, 0 = alone)")
  Integer port;

  @Option(names = "--seed", paramLabel = "<host:port>",
      description = "a seed node to join (repeatable; the first node may name itself)")
  List<String> seeds;

  @Option(names = "--journal", paramLabel = "<jdbc url>",
      description = "the shared PostgreSQL journal (or FUNDARB_JOURNAL_URL); needed by every clustered node")
  String journalUrl;

  /**
   * The Pekko settings of this member (address, seeds, roles): the options here, then -D system
   * properties (a container's), then {@code fundarb.cluster}.
   */
  Config pekko(FundarbConfig config) {
    Config c = config.raw().getConfig("fundarb.cluster");
    Config configured = member(c.getString("host"), c.getInt("port"), c.getStringList("seeds"))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(c.getStringList("roles")));
    Config given = member(host, port, seeds != null ? seeds : List.of());
    return given.withFallback(ConfigFactory.defaultOverrides()).withFallback(configured);
  }

  private static Config member(String host, Integer port, List<String> seeds) {
    Config out = ConfigFactory.empty();
    if (host != null) {
      out = out.withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
    }
    if (port != null) {
      out = out.withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
    }
    List<String> addresses = new ArrayList<>();
    for (String seed : seeds) {
      addresses.add(address(seed));
    }
    return addresses.isEmpty() ? out
        : out.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(addresses));
  }

  /** Whether this node joins others or lets others join it (a port or a seed, here, in -D pekko.* or in HOCON). */
  boolean clustered(FundarbConfig config) {
    Config c = config.raw().getConfig("fundarb.cluster");
    return (port != null ? port : c.getInt("port")) != 0 || !(seeds != null ? seeds : c.getStringList("seeds")).isEmpty()
        || System.getProperty("pekko.cluster.seed-nodes.0") != null;
  }

  /**
   * The journal: {@code --journal} or FUNDARB_JOURNAL_URL (PostgreSQL, user and password from the
   * config's journal settings) over {@code configured}; a clustered node with an H2 journal is refused.
   */
  JournalSettings journal(FundarbConfig config, JournalSettings configured, Map<String, String> env) {
    String url = journalUrl != null ? journalUrl : env.get("FUNDARB_JOURNAL_URL");
    JournalSettings journal = configured;
    if (url != null && !url.isBlank()) {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--journal takes a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db),"
            + " got '" + url + "'");
      }
      Config j = config.raw().getConfig("fundarb.node.journal");
      journal = JournalSettings.postgres(url, j.getString("user"), env.getOrDefault(j.getString("password-env"), ""));
    }
    if (clustered(config) && !journal.kind().equals("postgres")) {
      throw new IllegalArgumentException("a clustered node needs the shared PostgreSQL journal, not the embedded H2"
          + " one: asset entities move between nodes and must find their journals; give --journal"
          + " jdbc:postgresql://host:5432/db (or FUNDARB_JOURNAL_URL)");
    }
    return journal;
  }

  /** {@code host:port} as a member address of the fundarb actor system. */
  static String address(String seed) {
    int colon = seed.lastIndexOf(':');
    if (colon <= 0 || colon == seed.length() - 1) {
      throw new IllegalArgumentException("--seed takes host:port, got '" + seed + "'");
    }
    int p;
    try {
      p = Integer.parseInt(seed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed takes host:port, got '" + seed + "'");
    }
    if (p < 1 || p > 65_535) {
      throw new IllegalArgumentException("--seed port must be 1..65535, got " + p);
    }
    return "pekko://" + SYSTEM + "@" + seed;
  }
}
