package io.fundarb.actors.node;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A paper node in a JVM of its own, for {@link CrashRecoveryTest}: replays real Binance BTC+ETH
 * with the threshold strategy on a journal, prints {@code step <n> <orders accepted> <order events
 * journaled>} lines while it runs and writes what it ended with (recovery, fills, metrics, order
 * books) to a file. Arguments: journal (an H2 directory, or a {@code jdbc:postgresql:} URL with the
 * user in FUNDARB_TEST_POSTGRES_USER), wall seconds the whole replay should take (0 = as fast as
 * it can), result file.
 */
public final class NodeProcess {
  static final List<String> ASSETS = List.of("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");

  private NodeProcess() {}

  public static void main(String[] args) throws Exception {
    JournalSettings journal = args[0].startsWith("jdbc:postgresql:")
        ? JournalSettings.postgres(args[0], System.getenv().getOrDefault("FUNDARB_TEST_POSTGRES_USER", "postgres"), "")
        : JournalSettings.h2File(Path.of(args[0]));
    double seconds = Double.parseDouble(args[1]);
    Path resultFile = Path.of(args[2]);
    MarketData data = RealData.load("BINANCE");
    double speed = seconds == 0 ? 0 : (data.to() - data.from()) / (seconds * 1000);
    PrintStream out = System.out;
    try (FundarbNode node = start(data, journal, speed)) {
      CompletableFuture<Run.Finished> done = node.finished().toCompletableFuture();
      while (!finishedWithin(done, 100)) {
        if (node.run() != null) {
          Run.Status s = AskPattern.<Run.Query, Run.Status>ask(node.run(), Run.GetStatus::new, Duration.ofSeconds(5),
              node.system().scheduler()).toCompletableFuture().get();
          long accepted = 0;
          long events = 0;
          for (String asset : ASSETS) {
            OrderActor.Book book = node.book(asset).toCompletableFuture().get(30, TimeUnit.SECONDS);
            accepted += book.accepted();
            events += book.trail().events();
          }
          out.println("step " + s.step() + " " + accepted + " " + events + (s.recovering() ? " recovering" : ""));
          out.flush();
        }
      }
      Files.write(resultFile, result(node, done.get()));
      out.println("finished");
    }
    System.exit(0);
  }

  /** The node of the scenario: real Binance BTC+ETH, threshold strategy, on {@code journal}. */
  static FundarbNode start(MarketData data, JournalSettings journal, double speed) {
    Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT", "ETHUSDT");
    BacktestConfig config = RealData.config("threshold");
    return FundarbNode.replay(MarketTape.build(data, universe), data.venue(), universe, config,
        NodeFixtures.assets("threshold"), new NodeSettings(speed, Duration.ofSeconds(5), 1.0, 0.02), journal,
        ConfigFactory.empty());
  }

  /** What a run ended with: reason, recovery, fills, metrics, and each asset's order book. */
  static List<String> result(FundarbNode node, Run.Finished finished) throws Exception {
    List<String> lines = new ArrayList<>();
    Run.Recovery r = finished.recovery();
    lines.add("reason " + finished.reason());
    lines.add("recovery " + r.replayedSteps() + " " + r.matchedEvents() + " " + r.rewrittenEvents() + " "
        + r.mismatches().size());
    lines.add("fills " + finished.result().journal().fills().size());
    lines.add("metrics " + finished.result().metrics());
    for (String asset : ASSETS) {
      OrderActor.Book b = node.book(asset).toCompletableFuture().get(30, TimeUnit.SECONDS);
      lines.add("book " + asset + " accepted=" + b.accepted() + " fills=" + b.fills() + " rejections="
          + b.rejections() + " inFlight=" + b.inFlight().length + " spot=" + b.ledger().quantity()[0] + " perp="
          + b.ledger().quantity()[1]);
    }
    return lines;
  }

  /** Waits up to {@code ms} for the run to end (the progress lines come at that pace). */
  private static boolean finishedWithin(CompletableFuture<?> done, long ms) throws Exception {
    try {
      done.get(ms, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException stillRunning) {
      return false;
    }
  }
}
