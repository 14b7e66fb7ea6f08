package io.fundarb.ops.bench;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.sim.MarketTape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Market events per second through the whole backtest loop (venue matching, accounting, fees,
 * funding, margin, the threshold strategy, planner and per-step metrics) against a bare
 * primitive loop that only reads the same event columns: the upper bound any replay could reach.
 * One invocation replays the entire tape; {@link BenchCommand} divides by the event count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BacktestLoopBenchmark {
  @Param("50000000")
  public long events;

  BenchData data;
  BacktestConfig config;

  @Setup(Level.Trial)
  public void load() {
    data = new BenchData(events);
    config = new BacktestConfig("threshold", data.config.strategySettings("threshold"), data.config.sizing(),
        data.config.simVenue(BenchData.VENUE, null), data.config.planner(), false);
    System.out.printf("%n# tape: %,d events (%d copies of the real data), %,d clock steps%n",
        data.tape.size(), data.copies, data.tape.groups());
  }

  @Benchmark
  public long fullLoop() {
    return new Backtester(data.tape, BenchData.VENUE, data.universe, config).run().metrics().finalEquity();
  }

  @Benchmark
  public long bareLoop() {
    MarketTape tape = data.tape;
    long checksum = 0;
    for (int j = 0, n = tape.size(); j < n; j++) {
      int i = tape.instrument(j);
      int r = tape.row(j);
      switch (tape.kind(j)) {
        case MarketTape.BAR -> {
          Bars b = tape.bars(i);
          checksum += b.close()[r] ^ b.high()[r] ^ b.low()[r] ^ b.volume()[r] ^ tape.time(j);
        }
        case MarketTape.FUNDING -> checksum += tape.funding(i).rate()[r] ^ tape.time(j);
        default -> checksum += tape.sentiment().value()[r];
      }
    }
    return checksum;
  }
}
