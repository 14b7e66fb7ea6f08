package io.fundarb.ops.cli;

import io.fundarb.ops.bench.BacktestLoopBenchmark;
import io.fundarb.ops.bench.BenchData;
import java.io.PrintWriter;
import java.util.Collection;
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
    subcommands = {BenchCommand.Backtest.class})
public final class BenchCommand extends GroupCommand {
  /** {@code fundarb bench backtest}: events per second of the full loop vs a bare loop. */
  @Command(name = "backtest", mixinStandardHelpOptions = true,
      description = {"Replays the real Binance BTC+ETH data, replicated in time to --events market events, through the",
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

    @Override
    public Integer call() throws RunnerException {
      PrintWriter out = spec.commandLine().getOut();
      String data = common.dataDirectory().path().toString();
      Collection<RunResult> results = new Runner(new OptionsBuilder()
          .include(BacktestLoopBenchmark.class.getName())
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
      long tapeEvents = BenchData.replicatedSize(common.dataDirectory().path(), events);
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
      out.printf(Locale.ROOT, "full loop reaches %.1f %% of the bare loop over %,d events%n", 100 * full / bare, tapeEvents);
      return 0;
    }
  }
}
