package io.fundarb.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the node's journal and snapshots live: {@code h2} (an embedded file database under the
 * node's data directory, no server) or {@code postgres} (a JDBC URL; deployments). The password
 * is never logged: {@link #toString} redacts it.
 */
public record JournalSettings(String kind, String url, String user, String password) {
  public JournalSettings {
    if (!kind.equals("h2") && !kind.equals("postgres")) {
      throw new IllegalArgumentException("journal.kind must be h2 or postgres, got '" + kind + "'");
    }
  }

  public static JournalSettings h2File(Path directory) {
    String file = directory.toAbsolutePath().resolve("journal").toString().replace('\\', '/');
    // WRITE_DELAY=0: a commit reaches the file before the journal acknowledges it, so a killed node
    // loses nothing it was told was written (H2 would otherwise hold commits for up to 500 ms)
    return new JournalSettings("h2", "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "", "");
  }

  public static JournalSettings h2Memory(String name) {
    return new JournalSettings("h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "", "");
  }

  public static JournalSettings postgres(String url, String user, String password) {
    return new JournalSettings("postgres", url, user, password);
  }

  /** The Pekko settings that point the journal plugin here. */
  public Config toConfig() {
    boolean h2 = kind.equals("h2");
    String prefix = "pekko-persistence-jdbc.shared-databases.journal.";
    return ConfigFactory.parseMap(Map.of(
        prefix + "profile", h2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$",
        prefix + "db.url", url,
        prefix + "db.driver", h2 ? "org.h2.Driver" : "org.postgresql.Driver",
        prefix + "db.user", user,
        prefix + "db.password", password));
  }

  /**
   * Whether this server journal already holds events. A journal is one run's (persistence ids name
   * the asset and the account, not the run), so a new run on a journal that holds another's would
   * take that run's orders, breakers and reservations for its own. False for a database without the
   * journal's tables yet; always false for H2, whose journal lives in the run's own directory.
   */
  public boolean holdsEvents() {
    if (!kind.equals("postgres")) {
      return false;
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet table = s.executeQuery("SELECT to_regclass('event_journal') IS NOT NULL")) {
      if (!table.next() || !table.getBoolean(1)) {
        return false;
      }
      // a run's own journals (assets, account, replay); Cluster Sharding's bookkeeping is not a run's:
      // a member started before the run's node writes its coordinator's events there
      try (java.sql.ResultSet any = s.executeQuery("SELECT EXISTS (SELECT 1 FROM event_journal"
          + " WHERE persistence_id NOT LIKE '/sharding/%')")) {
        return any.next() && any.getBoolean(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("journal " + this + " is not usable: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return kind + " " + url + (password.isEmpty() ? "" : " (password set)");
  }
}
