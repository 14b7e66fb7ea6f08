package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VenueCommandTest {
  @TempDir Path tmp;

  @Test
  void theStandaloneVenueReplaysRealDataAndKeepsItsGeneratedKeysOutOfTheOutput() throws Exception {
    Path keys = tmp.resolve("keys.properties");
    CliRun run = CliRun.of("venue", "--data", SharedData.dir().toString(), "--venue", "binance", "--from",
        "2024-03-01", "--to", "2024-03-10", "--port", "0", "--speed", "0", "--exit-at-end", "--keys-file",
        keys.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("loopback venue listening on http://127.0.0.1:"), run.out());
    assertTrue(run.out().contains("replay finished"), run.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    List<String> lines = Files.readAllLines(keys);
    String secret = lines.get(1).substring(lines.get(1).indexOf('=') + 1);
    assertEquals(64, secret.length());
    assertFalse(run.out().contains(secret) || run.err().contains(secret), "the secret is never printed");
  }
}
