package io.fundarb.ops.cli;

import io.fundarb.models.agents.AgentKind;
import io.fundarb.models.agents.AgentTrainer;
import io.fundarb.models.ppo.PpoConfig;
import io.fundarb.ops.bench.BacktestLoopBenchmark;
import io.fundarb.ops.bench.BenchData;
import io.fundarb.ops.bench.PortfolioLoopBenchmark;
import io.fundarb.ops.bench.EnvStepBenchmark;
import io.fundarb.ops.bench.NodeLatencyBench;
import io.fundarb.ops.bench.FeedThroughputBench;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.strategy.Strategies;
import io.fundarb.ops.config.FundarbConfig;
import io.fundarb.ops.config.NodeConfig;
import io.fundarb.ops.bench.RlBenchData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fundarb bench}: performance figures, measured with JMH (not asserted anywhere). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the benchmarks (JMH) and print their figures.",
    subcommands = {BenchCommand.Backtest.class, BenchCommand.Env.class, BenchCommand.Train.class,
        BenchCommand.Node.class, BenchCommand.Venue.class, BenchCommand.Serialization.class})
public final class BenchCommand extends GroupCommand {
  /** {@code fundarb bench backtest}: events per second of the full loop vs a bare loop. */
  @Command(name = "backtest", mixinStandardHelpOptions = true,
      description = {"Measures backtest-loop events per second against a bare loop (JMH).",
          "Replays the real Binance BTC+ETH data, replicated in time to --events market events, through the",
          "full backtest loop (threshold strategy) and through a bare loop over the same arrays; reports events/s",
          "per core, the ratio, and bytes allocated per event (JMH GC profiler)."})
  static final class Backtest implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--events", defaultValue = "50000000", description = "minimum events in the tape (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks (default: ${DEFAULT-VALUE})")
    int forks;

    @Option(names = "--warmup", defaultValue = "4", description = "warm-up iterations (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--heap", defaultValue = "6g", description = "heap of the forked benchmark JVM (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--venues", split = ",", paramLabel = "<venues>",
        description = {"measure a portfolio backtest over these venues' accounts instead (rotation over carry and",
            "cross-venue opportunities; --events counts all venues' events together), e.g. binance,bybit,okx"})
    List<String> venues;

    @Override
    public Integer call() throws RunnerException {
      PrintWriter out = spec.commandLine().getOut();
      String data = common.dataDirectory().path().toString();
      List<String> portfolio = venues == null ? List.of() : venues.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
      OptionsBuilder options = new OptionsBuilder();
      if (portfolio.isEmpty()) {
        options.include(BacktestLoopBenchmark.class.getName());
      } else {
        options.include(PortfolioLoopBenchmark.class.getName()).param("venues", String.join(",", portfolio));
      }
      Collection<RunResult> results = new Runner(options
          .param("events", Long.toString(events))
          .forks(forks)
          .warmupIterations(warmup)
          .measurementIterations(iterations)
          .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(15))
          .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(15))
          .jvmArgs("-Xms" + heap, "-Xmx" + heap, "-Dfundarb.bench.data=" + data)
          .addProfiler(GCProfiler.class)
          .build()).run();
      out.println();
      out.println("benchmark  events/s/core (mean +- 99.9% CI)   bytes/event");
      double full = 0;
      double bare = 0;
      long tapeEvents = portfolio.isEmpty() ? BenchData.replicatedSize(common.dataDirectory().path(), events)
          : PortfolioLoopBenchmark.replicatedSize(common.dataDirectory().path(), events, portfolio);
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
        Result<?> time = r.getPrimaryResult();
        double ms = time.getScore();
        double rate = tapeEvents / (ms / 1000);
        double error = rate * time.getScoreError() / ms;
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        double perEvent = alloc == null ? Double.NaN : alloc.getScore() / tapeEvents;
        out.printf(Locale.ROOT, "%-9s  %,14.0f +- %,12.0f   %8.3f%n", name, rate, error, perEvent);
        if (name.equals("fullLoop")) {
          full = rate;
        } else {
          bare = rate;
        }
      }
      if (bare > 0) {
        out.printf(Locale.ROOT, "full loop reaches %.1f %% of the bare loop over %,d events%n", 100 * full / bare, tapeEvents);
      } else {
        out.printf(Locale.ROOT, "portfolio over %s: %,d events%n", String.join(", ", portfolio), tapeEvents);
      }
      return 0;
    }
  }

  /** {@code fundarb bench serialization}: size and round-trip time of the messages that cross nodes (JMH). */
  @Command(name = "serialization", mixinStandardHelpOptions = true,
      description = {"Measures the messages that cross cluster nodes on the hot paths (a market step to a remote",
          "asset, an order pair to the venue connection, its fills back, a replay answer): bytes and round-trip",
          "time with fundarb's Kryo serializer against Jackson JSON with type names (JMH)."})
  static final class Serialization implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Collection<RunResult> results = new Runner(new OptionsBuilder()
          .include(io.fundarb.ops.bench.SerializationBenchmark.class.getName())
          .forks(1).warmupIterations(3).measurementIterations(iterations)
          .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
          .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(3))
          .jvmArgs("-Xmx1g").build()).run();
      out.println();
      out.println("message    serializer  bytes   round trip ns (mean +- 99.9% CI)");
      for (RunResult r : results) {
        String message = r.getParams().getParam("message");
        String serializer = r.getParams().getParam("serializer");
        Result<?> time = r.getPrimaryResult();
        out.printf(Locale.ROOT, "%-10s %-10s %6d   %,10.0f +- %,8.0f%n", message, serializer,
            io.fundarb.ops.bench.SerializationBenchmark.size(message, serializer), time.getScore(), time.getScoreError());
      }
      return 0;
    }
  }

  /** {@code fundarb bench env}: environment steps per second, no network (JMH). */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = {"Measures environment steps per second without a network (JMH).",
          "16 carry environments on",
          "the real Binance data, full 50 x 26 + 3 observation, for a holding policy and a churning one."})
  static final class Env implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Override
    public Integer call() throws RunnerException {
      PrintWriter out = spec.commandLine().getOut();
      Collection<RunResult> results = new Runner(new OptionsBuilder()
          .include(EnvStepBenchmark.class.getName())
          .forks(1)
          .warmupIterations(3)
          .measurementIterations(iterations)
          .jvmArgs("-Xmx2g", "-D" + BenchData.DATA_PROPERTY + "=" + common.dataDirectory().path())
          .build()).run();
      out.println();
      for (RunResult r : results) {
        Result<?> rate = r.getPrimaryResult();
        out.printf(Locale.ROOT, "policy=%-6s %,14.0f +- %,12.0f env steps/s/core%n", r.getParams().getParam("policy"),
            rate.getScore(), rate.getScoreError());
      }
      return 0;
    }
  }

  /** {@code fundarb bench train}: PPO training throughput end to end. */
  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Measures PPO training throughput in environment steps per second.",
          "Rollout and update included, on",
          "the quickstart's data and range, without writing a model."})
  static final class Train implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--agent", defaultValue = "long_term", description = "agent whose observation and head to use (default: ${DEFAULT-VALUE})")
    String agent;

    @Option(names = "--epochs", defaultValue = "60", description = "PPO epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--hidden-dims", split = ",", defaultValue = "128,64", description = "hidden layers (default: ${DEFAULT-VALUE})")
    int[] hidden;

    @Option(names = "--batch-size", defaultValue = "64", description = "minibatch (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AgentKind kind = AgentKind.of(agent);
      RlBenchData bench = new RlBenchData(common.dataDirectory().path());
      var universe = bench.universe;
      var ppo = PpoConfig.builder(hidden, 7).updates(3, batch)
          .exploration(AgentKind.INITIAL_LOG_STD).build();
      var setup = new AgentTrainer.Setup(kind, bench.data, RlBenchData.FROM,
          id -> universe.pair(universe.assetIndexOf(id)), bench.normalization(kind.features(), 50), 50,
          bench.config.sizing(), bench.config.simVenue(BenchData.VENUE, null), bench.config.planner(), ppo, epochs,
          kind.targetScale(), kind.episodeSteps(), 6, 0.5, "");
      double[] rates = new double[epochs];
      long begin = System.nanoTime();
      long steps = 0;
      try (var trainer = AgentTrainer.trainer(setup)) {
        for (int e = 0; e < epochs; e++) {
          var stats = trainer.trainEpoch(e, epochs);
          rates[e] = stats.stepsPerSecond();
          steps = stats.envSteps();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        double[] steady = Arrays.copyOfRange(rates, epochs / 2, epochs);
        Arrays.sort(steady);
        out.printf(Locale.ROOT, "%s, hidden %s, minibatch %d, %d envs x %d steps per epoch, %,d parameters%n", kind.key(),
            Arrays.toString(hidden), batch, ppo.envs(), ppo.rolloutSteps(), trainer.model().parameterCount());
        out.printf(Locale.ROOT, "whole run (JIT and PyTorch warm-up included): %,.0f env steps/s over %,d steps in %.1f s%n",
            steps / seconds, steps, seconds);
        out.printf(Locale.ROOT, "second half, per epoch: median %,.0f, min %,.0f, max %,.0f env steps/s%n",
            steady[steady.length / 2], steady[0], steady[steady.length - 1]);
      }
      return 0;
    }
  }

  /** {@code fundarb bench node}: asset hierarchies per node, heap per asset, tick → intent latency. */
  @Command(name = "node", mixinStandardHelpOptions = true,
      description = {"Measures how many asset hierarchies a node carries: heap per asset and tick -> intent latency.",
          "For each count, starts that many sharded asset entities (threshold strategy, default risk limits) on a",
          "fresh node and hands them real market steps: closed loop first (compiles the path; throughput), then a",
          "step per asset per round on an open-loop schedule; latency runs from each round's intended send time",
          "to the asset's order actor holding the approved target (no coordinated omission)."})
  static final class Node implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--assets", split = ",", defaultValue = "1,10,100,1000", description = "asset counts (default: ${DEFAULT-VALUE})")
    int[] assets;

    @Option(names = "--round-ms", defaultValue = "50", description = "wall ms between rounds; each asset gets one tick a round (default: ${DEFAULT-VALUE})")
    long roundMs;

    @Option(names = "--warmup-ticks", defaultValue = "500000", description = "closed-loop ticks first, unmeasured, to compile the path; fewer leave the JIT compiling into the measured rounds (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rounds", defaultValue = "400", description = "measured rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--strategy", defaultValue = "threshold", description = "every asset's strategy; flat never trades, which isolates the actor path from the order journal (default: ${DEFAULT-VALUE})")
    String strategy;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      NodeConfig node = new NodeConfig(common.config());
      NodeLatencyBench bench = new NodeLatencyBench(node.assets(Strategies.find(strategy),
          common.config().strategySettings(strategy)), common.dataDirectory().path());
      out.println("assets  closed-loop ticks/s  open-loop ticks/s  samples  lost   p50 us   p99 us  p99.9 us    max us"
          + "  heap/asset KB");
      for (int n : assets) {
        NodeLatencyBench.Result r = bench.run(n, roundMs, warmup, rounds);
        out.printf(Locale.ROOT, "%6d  %19.0f  %17.0f  %7d  %4d  %7.0f  %7.0f  %8.0f  %8.0f  %13.1f%n", r.assets(),
            r.closedLoopTicksPerSecond(), r.ticksPerSecond(), r.samples(), r.lost(), r.p50(), r.p99(), r.p999(), r.max(),
            r.heapPerAssetKb());
        out.flush();
      }
      return 0;
    }
  }

  /** {@code fundarb bench venue}: frame on the loopback venue's websocket to order on the wire through a node, and feed throughput. */
  @Command(name = "venue", mixinStandardHelpOptions = true,
      description = {"Measures frame -> order on the wire through a real node, and market-data throughput.",
          "The loopback venue replays the data's bars; fundarb paper runs against it in a child JVM with a strategy",
          "that trades every bar; latency = the node's first order after a bar - the frame that closed the bar,",
          "both on the venue's clock. Then frames unthrottled through the exchange client and validation."})
  static final class Venue implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--bars-per-second", defaultValue = "25", description = "bars replayed per second; each asset's bar sends a hedge (2 orders) (default: ${DEFAULT-VALUE})")
    int barsPerSecond;

    @Option(names = "--warmup-bars", defaultValue = "400", description = "bars per asset not measured (default: ${DEFAULT-VALUE})")
    int warmupBars;

    @Option(names = "--throughput-frames", defaultValue = "200000", description = "frames for the throughput phase (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--node-jar", paramLabel = "<jar>", description = "run another build's node (e.g. an older fundarb.jar) against the same venue, to compare")
    Path nodeJar;

    @Option(names = "--members", defaultValue = "1", description = {"cluster members carrying the assets: 1 (the",
        "run's node alone), 2 or 3 (plus node --connected members; needs --journal) (default: ${DEFAULT-VALUE})"})
    int members;

    @Option(names = "--journal", paramLabel = "<jdbc url>", description = {"PostgreSQL server for --members above 1:",
        "the bench creates a database of its own beside this one and drops it afterwards"})
    String journal;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      FundarbConfig config = common.config();
      Path dataDir = common.dataDirectory().path();
      MarketData data = MarketDataLoader.load(DataCatalog.scan(dataDir), new MarketDataLoader.Request(config.venue(),
          common.symbolsOrDefault(), common.intervalMillis(), common.fromMillis(), common.toMillis(), common.lenient))
          .data();
      Path work = Files.createTempDirectory("fundarb-bench-venue");
      io.fundarb.actors.node.JournalSettings server = journal == null ? null : io.fundarb.actors.node.JournalSettings
          .postgres(journal, config.raw().getString("fundarb.node.journal.user"), System.getenv().getOrDefault(
              config.raw().getString("fundarb.node.journal.password-env"), ""));
      VenueLatencyBench.Result r;
      try (BenchCluster cluster = new BenchCluster(members, server)) {
        r = VenueLatencyBench.run(dataDir, data, config, barsPerSecond, warmupBars,
            nodeJar != null ? nodeJar.toAbsolutePath().toString() : System.getProperty("java.class.path"), work,
            cluster);
      }
      out.printf(Locale.ROOT, "frame -> order on the wire through a node: %d bars measured (%d assets at %d bars/s,"
          + " %.0f orders/s), %d without an order%n", r.bars(), data.assets().size(), barsPerSecond, r.ordersPerSecond(),
          r.missing());
      out.printf(Locale.ROOT, "  p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us (node output: %s)%n", r.p50(),
          r.p99(), r.p999(), r.max(), work.resolve("node.log"));
      if (members > 1) {
        out.printf(Locale.ROOT, "  carried by %d members: %d of the samples were of assets on another member than the"
            + " run's node (cross-node): p50 %.0f us, p99 %.0f us (members' output beside the node's)%n", members,
            r.remoteSamples(), r.remoteP50(), r.remoteP99());
      }
      if (!r.nodeEnded()) {
        out.println("  the node did not end by itself when the venue's replay did: stopped");
      }
      FeedThroughputBench.Result t = FeedThroughputBench.run(frames);
      out.printf(Locale.ROOT, "market data through client + validation: %,.0f updates/s (%d frames dropped)%n",
          t.updatesPerSecond(), t.dropped());
      return 0;
    }
  }
}
