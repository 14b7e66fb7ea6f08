package io.fundarb.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fundarb paper --venue loopback}: a node on the loopback venue through the real XChange client. */
class LoopbackPaperTest {
  @TempDir Path tmp;

  /**
   * At 144000x a bar lasts 200 ms: ample for a step's orders to execute before the venue settles the
   * next funding on the position it then holds, so the node's booked funding equals the venue's.
   */
  @Test
  void aNodeTradesTheLoopbackVenueEndToEndAndEndsHoldingWhatTheVenueHolds() {
    CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue", "loopback", "--from",
        "2023-11-01", "--to", "2023-12-01", "--speed", "144000", "--admin-port", "0", "--out",
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
    Matcher funding = Pattern.compile("funding at the end: the venue paid what the node booked: BTCUSDT ([0-9.-]+), "
        + "ETHUSDT ([0-9.-]+)").matcher(run.out());
    assertTrue(funding.find(), "every settlement booked as the venue paid it: " + run.out());
    assertTrue(Double.parseDouble(funding.group(1)) + Double.parseDouble(funding.group(2)) > 0, funding.group());
  }

  /**
   * Every fault the loopback venue can inject, at once, against a whole node: it finishes, holds
   * exactly what the venue holds on every leg, each asset hedged (spot = -perp, no orphan leg), and
   * no order was sent twice (the venue refused no duplicate client id).
   */
  @Test
  void aNodeSurvivesEveryInjectedFaultAndEndsHedgedHoldingWhatTheVenueHolds() throws Exception {
    Path faults = tmp.resolve("faults.conf");
    Files.writeString(faults, "fundarb.exchange.loopback.faults {\n"
        + "  rate-limit-every = 15, retry-after = 1s, server-error-every = 13, reject-rate = 0.2, reject-market = both\n"
        + "  drop-frame-every = 97, malformed-frame-every = 89, disconnect-after-frames = 400\n"
        + "  lose-order-response-every = 2\n}\n");
    CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue", "loopback", "--config",
        faults.toString(), "--from", "2023-11-01", "--to", "2023-12-01", "--speed", "288000", "--admin-port", "0",
        "--out", tmp.resolve("faulty").toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("finished: end of data"), run.out());
    assertTrue(run.out().contains("reconciliation at the end: the venue holds what the node executed"), run.out());
    Matcher venue = Pattern.compile("loopback venue: injected 429 x(\\d+), 503 x(\\d+), orders rejected x(\\d+), "
        + "order answers lost x(\\d+), frames dropped x(\\d+), frames cut x(\\d+), websockets closed x(\\d+), "
        + "market data cut x0; "
        + "duplicate client order ids refused x(\\d+); holds (.*)").matcher(run.out());
    assertTrue(venue.find(), run.out());
    for (int fault = 1; fault <= 7; fault++) {
      assertTrue(Integer.parseInt(venue.group(fault)) > 0, "fault " + fault + " was injected: " + venue.group());
    }
    assertEquals("0", venue.group(8), "no order sent twice");
    Matcher holding = Pattern.compile("(\\w+) spot ([0-9.-]+) perp ([0-9.-]+)").matcher(venue.group(9));
    int assets = 0;
    while (holding.find()) {
      assertEquals(new java.math.BigDecimal(holding.group(2)).negate().stripTrailingZeros(),
          new java.math.BigDecimal(holding.group(3)).stripTrailingZeros(), holding.group(1) + " hedged: " + holding.group());
      assets++;
    }
    assertEquals(2, assets, venue.group(9));
    Matcher market = Pattern.compile("market: (\\d+) steps .*; (\\d+) spot and (\\d+) perp websocket restarts; "
        + "frames dropped: \\d+ \\(malformed (\\d+)\\)").matcher(run.out());
    assertTrue(market.find(), run.out());
    assertTrue(Integer.parseInt(market.group(1)) >= 80, "the steps went on through the faults: " + market.group());
    assertTrue(Integer.parseInt(market.group(2)) > 0 && Integer.parseInt(market.group(3)) > 0, market.group());
    assertTrue(Integer.parseInt(market.group(4)) > 0, "cut frames counted: " + market.group());
    // under faults an order may still be in a retry at a settlement: a difference is reported, with what the venue paid
    Matcher funding = Pattern.compile("(funding at the end: the venue paid what the node booked|FUNDING DIFFERS at the"
        + " end): BTCUSDT").matcher(run.out());
    assertTrue(funding.find(), "funding checked against the venue's income: " + run.out());
  }

  /**
   * Someone trades BTC's perp on the account behind the node's back (the loopback venue's drill):
   * the node's reconciliation finds it, alerts, opens BTC's breaker (the webhook receives both) and
   * the run goes on to its end with ETH still hedged; the difference is still there at the end.
   */
  @Test
  void aTradeBehindTheNodesBackOpensThatAssetsBreakerAndOnlyThat() throws Exception {
    java.util.Queue<String> alerts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      alerts.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      Path drill = tmp.resolve("drill.conf");
      Files.writeString(drill, "fundarb.alerts.webhook-url = \"http://127.0.0.1:" + receiver.getAddress().getPort()
          + "/hook\"\nfundarb.exchange.loopback.outside-trade { after-steps = 30, symbol = BTCUSDT, quantity = \"-0.01\" }\n");
      CliRun run = CliRun.of("paper", "--data", SharedData.dir().toString(), "--venue", "loopback", "--config",
          drill.toString(), "--from", "2023-11-01", "--to", "2023-12-01", "--speed", "288000", "--admin-port", "0",
          "--out", tmp.resolve("drill").toString());

      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("finished: end of data"), run.out());
      assertTrue(run.out().contains("traded outside the node: BTCUSDT perp -0.01 after step"), run.out());
      Matcher end = Pattern.compile("RECONCILIATION MISMATCHES at the end: (.*)").matcher(run.out());
      assertTrue(end.find(), run.out());
      assertTrue(end.group(1).contains("BTC") && !end.group(1).contains("ETH"), end.group());
      Matcher eth = Pattern.compile("ETHUSDT spot ([0-9.-]+) perp ([0-9.-]+)").matcher(run.out());
      assertTrue(eth.find(), run.out());
      assertEquals(new java.math.BigDecimal(eth.group(1)).negate().stripTrailingZeros(),
          new java.math.BigDecimal(eth.group(2)).stripTrailingZeros(), "ETH still hedged: " + eth.group());
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
          alerts.stream().anyMatch(a -> a.contains("\"kind\":\"RECONCILIATION_MISMATCH\"") && a.contains("BTC"))
              && alerts.stream().anyMatch(a -> a.contains("\"kind\":\"BREAKER_OPEN\"") && a.contains("BTC")));
      assertTrue(alerts.stream().noneMatch(a -> a.contains("\"kind\":\"BREAKER_OPEN\"") && a.contains("ETH")),
          "only BTC's breaker opened: " + alerts);
    } finally {
      receiver.stop(0);
    }
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
