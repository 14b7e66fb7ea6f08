package io.fundarb.ops.bench;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.asset.IntentTimes;
import io.fundarb.actors.asset.MarketRouter;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.actors.node.NodeSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.SimulatedExchange;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.StrategySettings;

import io.fundarb.ops.config.FundarbConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * How many asset hierarchies one node carries: starts {@code assets} sharded entities (feed,
 * strategy, risk, event-sourced order actor) on a fresh node and measures the heap they hold; then
 * hands them real market steps as a live feed does (asset k gets the recorded steps of real asset k
 * mod 2, time-shifted at each wrap) — closed loop first, to compile the path and measure
 * throughput, then one step per asset per round on an open-loop schedule — and measures tick →
 * intent: from each round's <em>intended</em> send time to the asset's order actor holding the
 * approved target, so a node that falls behind is charged for the wait (no coordinated omission);
 * a round's last asset is the end of a whole bar-close burst. Not JMH: the figure is a distribution.
 */
public final class NodeLatencyBench {
  private static final long HOUR = 3_600_000L;

  /** One run's figures; latencies in microseconds. */
  public record Result(int assets, double closedLoopTicksPerSecond, double ticksPerSecond, long samples, long lost,
      double p50, double p99, double p999, double max, double heapPerAssetKb) {}

  private final AssetSettings settings;
  private final BacktestConfig config;
  private final List<CarryPair> real;
  private final MarketStep[][] recorded;
  private final long span;

  /** @param data directory holding the real Binance BTC+ETH data */
  public NodeLatencyBench(AssetSettings settings, Path data) {
    this.settings = settings;
    FundarbConfig fundarb = FundarbConfig.load(null);
    Universe universe = fundarb.universe(BenchData.VENUE, BenchData.SYMBOLS);
    this.real = universe.pairs();
    MarketTape tape = BenchData.baseTape(universe, data);
    this.config = new BacktestConfig("flat", StrategySettings.empty(), fundarb.sizing(),
        fundarb.simVenue(BenchData.VENUE, null), fundarb.planner(), false);
    SimulatedExchange exchange = new SimulatedExchange(tape, BenchData.VENUE, universe, config, null);
    exchange.cutAssetSteps();
    List<MarketStep[]> steps = new ArrayList<>();
    while (exchange.hasNext()) {
      exchange.advance();
      MarketStep[] step = new MarketStep[universe.assetCount()];
      for (int a = 0; a < step.length; a++) {
        step[a] = exchange.assetStep(a);
      }
      steps.add(step);
    }
    this.recorded = steps.toArray(new MarketStep[0][]);
    this.span = recorded[recorded.length - 1][0].time() - recorded[0][0].time() + 8 * HOUR;
  }

  /**
   * @param roundMs wall time between measured rounds (every asset gets one step per round)
   * @param warmupTicks steps sent first, closed loop (a round waits for the last one's intents),
   *     so that the whole path is JIT-compiled before anything is measured
   * @param rounds measured rounds
   */
  public Result run(int assets, long roundMs, int warmupTicks, int rounds) throws InterruptedException {
    int warmupRounds = Math.max(10, warmupTicks / assets);
    int total = warmupRounds + rounds;
    long[] intended = new long[total + 2];
    long[] latencies = new long[assets * rounds];
    AtomicInteger recorded = new AtomicInteger();
    Answers answers = new Answers();
    List<CarryPair> pairs = new ArrayList<>(assets);
    String[] ids = new String[assets];
    for (int a = 0; a < assets; a++) {
      AssetId id = new AssetId("BENCH", "A" + a + "USDT");
      ids[a] = id.toString();
      pairs.add(real.get(a % real.size()).renamed(id));
    }
    Universe universe = new Universe(pairs);
    AssetSettings inAccount = settings.withTrading(AssetSettings.Trading.of(universe, config, 8 * HOUR, 8 * HOUR));
    NodeSettings node = new NodeSettings(0, Duration.ofSeconds(5), 1.0, 0.02);
    try (FundarbNode fundarb = FundarbNode.start(inAccount, FundarbNode.account("BENCH", universe, config, inAccount,
        node), JournalSettings.h2Memory("bench-" + assets), ConfigFactory.parseString("pekko.loglevel = WARNING"),
        (io.fundarb.engine.live.OrderGateway) null)) {
      IntentTimes.get(fundarb.system()).attach((asset, step, latency, at) -> {
        if (step > warmupRounds) {
          int k = recorded.getAndIncrement();
          if (k < latencies.length) {
            latencies[k] = at - intended[(int) step];
          }
        }
        answers.arrived();
      });
      MarketRouter markets = fundarb.markets(Arrays.asList(ids));
      long heapBefore = settledHeap();
      // start every hierarchy (its order actor recovering its empty journal) before measuring the heap
      CountDownLatch started = new CountDownLatch(assets);
      ActorRef<AssetEntity.AssetStatus> ready = fundarb.system().systemActorOf(
          Behaviors.receive(AssetEntity.AssetStatus.class).onAnyMessage(s -> {
            started.countDown();
            return Behaviors.same();
          }).build(), "bench-ready", Props.empty());
      for (String id : ids) {
        fundarb.asset(id).tell(new AssetEntity.GetStatus(ready));
      }
      if (!started.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + (assets - started.getCount()) + " of " + assets + " assets started");
      }
      long heapAfter = settledHeap();

      long secondHalf = 0;
      for (int round = 1; round <= warmupRounds; round++) {
        if (round == warmupRounds / 2 + 1) {
          secondHalf = System.nanoTime();
        }
        intended[round] = System.nanoTime();
        send(markets, assets, round);
        if (!answers.await((long) round * assets, TimeUnit.MINUTES.toNanos(2))) {
          throw new IllegalStateException("round " + round + " not answered within 2 minutes");
        }
      }
      double closedLoop = (double) (warmupRounds - warmupRounds / 2) * assets * 1e9 / (System.nanoTime() - secondHalf);
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(roundMs);
      for (int round = warmupRounds + 1; round <= total; round++) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(roundMs) * (round - warmupRounds - 1);
        intended[round] = due;
        sleepUntil(due);
        send(markets, assets, round);
      }
      answers.await((long) total * assets, TimeUnit.MINUTES.toNanos(2));
      long[] sorted = Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length));
      Arrays.sort(sorted);
      double ticksPerSecond = assets * 1000.0 / roundMs;
      return new Result(assets, closedLoop, ticksPerSecond, sorted.length, (long) assets * rounds - sorted.length,
          micros(sorted, 0.50), micros(sorted, 0.99), micros(sorted, 0.999), micros(sorted, 1.0),
          (heapAfter - heapBefore) / 1024.0 / assets);
    }
  }

  /** One recorded step per asset and round (the asset's real twin's), shifted past each wrap of the data. */
  private void send(MarketRouter markets, int assets, int round) {
    MarketStep[] step = recorded[(round - 1) % recorded.length];
    long shift = (long) ((round - 1) / recorded.length) * span;
    for (int a = 0; a < assets; a++) {
      MarketStep s = step[a % step.length];
      markets.deliver(a, shift == 0 ? s : new MarketStep(s.time() + shift, s.events()));
    }
  }

  /**
   * Counts intents; the benchmark thread waits for a count and is woken once, when it is reached
   * (a semaphore would wake it at every intent: a thousand futex calls per round, charged to the node).
   */
  private static final class Answers {
    private final AtomicLong count = new AtomicLong();
    private volatile long awaited = Long.MAX_VALUE;
    private volatile Thread waiter;

    void arrived() {
      if (count.incrementAndGet() == awaited) {
        LockSupport.unpark(waiter);
      }
    }

    /** True once {@code n} intents arrived in all; false after {@code timeoutNanos}. */
    boolean await(long n, long timeoutNanos) {
      long deadline = System.nanoTime() + timeoutNanos;
      waiter = Thread.currentThread();
      awaited = n;
      while (count.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
      }
      return true;
    }
  }

  /** Parks until shortly before {@code due}, then spins: a parked thread wakes up to 100 µs late. */
  private static void sleepUntil(long due) {
    long early = TimeUnit.MICROSECONDS.toNanos(200);
    long wait;
    while ((wait = due - System.nanoTime()) > early) {
      LockSupport.parkNanos(wait - early);
    }
    while (System.nanoTime() < due) {
      Thread.onSpinWait();
    }
  }

  private static double micros(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1_000.0;
  }

  /** Used heap after the collector has had a few chances to clear what is garbage. */
  private static long settledHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int k = 0; k < 3; k++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

}
