package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fundarb paper --venue loopback}: a node on the loopback venue through the real XChange client. */
class LoopbackPaperTest {
  @TempDir Path tmp;

  @Test
  void aNodeTradesTheLoopbackVenueEndToEndAndEndsHoldingWhatTheVenueHolds() {
    CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue", "loopback", "--from",
        "2023-11-01", "--to", "2023-12-01", "--speed", "288000", "--admin-port", "0", "--out",
        tmp.resolve("run").toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("loopback venue on http://127.0.0.1:"), run.out());
    assertTrue(run.out().contains("finished: end of data"), run.out());
    assertTrue(run.out().contains("reconciliation at the end: the venue holds what the node executed"), run.out());
    Matcher feed = Pattern.compile("market: (\\d+) steps").matcher(run.out());
    assertTrue(feed.find(), run.out());
    assertTrue(Integer.parseInt(feed.group(1)) >= 60, "most of the 90 bars reach the node as steps: " + run.out());
    Matcher row = Pattern.compile("threshold \\(paper\\)\\s+(-?[0-9.]+)%.*?\\s([0-9,.]+)\\s+([0-9,.]+)\\s+([0-9,.]+)"
        + "\\s+([0-9.]+)x").matcher(run.out());
    assertTrue(row.find(), run.out());
    assertTrue(Double.parseDouble(row.group(5)) > 0, "it traded: " + row.group());
  }

  @Test
  void aVenueThatIsNotOnThisMachineNeedsTheLiveOptIn() {
    CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue-url",
        "https://testnet.binance.vision", "--from", "2023-11-01", "--to", "2023-11-03", "--admin-port", "0", "--out",
        tmp.resolve("live").toString());

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("needs the explicit --live opt-in"), run.err());
  }
}
