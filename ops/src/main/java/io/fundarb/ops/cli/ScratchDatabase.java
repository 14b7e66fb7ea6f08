package io.fundarb.ops.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL database of its own beside the one a server URL names, for a cluster's shared journal
 * in a drill or a benchmark: created empty (a journal is one run's), dropped on close even while a
 * killed member still holds a connection.
 */
final class ScratchDatabase implements AutoCloseable {
  private final String serverUrl;
  private final String user;
  private final String password;
  private final String name;

  ScratchDatabase(String serverUrl, String user, String password, String name) throws SQLException {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.name = name;
    sql("DROP DATABASE IF EXISTS " + name);
    sql("CREATE DATABASE " + name);
  }

  /** The JDBC URL of this database: the server URL with its database replaced. */
  String url() {
    return serverUrl.replaceAll("/[^/?]+(\\?.*)?$", "/" + name);
  }

  @Override
  public void close() throws SQLException {
    sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl, user, password)) {
      c.createStatement().execute(statement);
    }
  }
}
