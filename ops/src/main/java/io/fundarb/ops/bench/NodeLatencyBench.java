package io.fundarb.ops.bench;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.sim.MarketTape;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.ops.config.FundarbConfig;
import java.nio.file.Path;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.trading.AssetTick;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * How many asset hierarchies one node carries: starts {@code assets} sharded hierarchies (feed,
 * strategy, risk, event-sourced orders) on a fresh node and measures the heap they hold; replays
 * real ticks to them (asset k gets the recorded ticks of real asset k mod 2, time-shifted at each
 * wrap), closed loop first to compile the path and measure throughput, then one tick per asset
 * per round on an open-loop schedule, measuring tick → decision latency from each round's
 * <em>intended</em> send time so that a node that falls behind is charged for the wait (no
 * coordinated omission). Not JMH: the figure is a latency distribution.
 */
public final class NodeLatencyBench {
  private static final long HOUR = 3_600_000L;

  /** One run's figures; latencies in microseconds. */
  public record Result(int assets, double closedLoopTicksPerSecond, double ticksPerSecond, long samples, long lost,
      double p50, double p99, double p999, double max, double heapPerAssetKb) {}

  private final AssetSettings settings;
  private final AssetTick[][] recorded;
  private final long span;

  /** @param data directory holding the real Binance BTC+ETH data */
  public NodeLatencyBench(AssetSettings settings, Path data) {
    this.settings = settings;
    FundarbConfig config = FundarbConfig.load(null);
    Universe universe = config.universe(BenchData.VENUE, BenchData.SYMBOLS);
    MarketTape tape = BenchData.baseTape(universe, data);
    ReplayAccount account = new ReplayAccount(tape, BenchData.VENUE, universe, new BacktestConfig("flat",
        StrategySettings.empty(), config.sizing(), config.simVenue(BenchData.VENUE, null), config.planner(), false),
        new Strategy[universe.assetCount()]);
    List<AssetTick[]> steps = new ArrayList<>();
    while (account.hasNext()) {
      account.advance();
      AssetTick[] step = new AssetTick[universe.assetCount()];
      for (int a = 0; a < step.length; a++) {
        step[a] = account.tick(a);
      }
      steps.add(step);
    }
    this.recorded = steps.toArray(new AssetTick[0][]);
    this.span = recorded[recorded.length - 1][0].time() - recorded[0][0].time() + 8 * HOUR;
  }

  /**
   * @param roundMs wall time between measured rounds (every asset gets one tick per round)
   * @param warmupTicks ticks sent first, closed loop (a round waits for the last one's answers),
   *     so that the whole tick path is JIT-compiled before anything is measured
   * @param rounds measured rounds
   */
  public Result run(int assets, long roundMs, int warmupTicks, int rounds) throws InterruptedException {
    int warmupRounds = Math.max(10, warmupTicks / assets);
    int total = warmupRounds + rounds;
    long[] intended = new long[total + 1];
    long[] latencies = new long[assets * rounds];
    int[] recorded = new int[1];
    Semaphore answers = new Semaphore(0);
    try (FundarbNode node = FundarbNode.start(settings, JournalSettings.h2Memory("bench-" + assets),
        ConfigFactory.parseString("pekko.loglevel = WARNING"))) {
      ActorRef<AssetDecision> collector = node.system().systemActorOf(Behaviors.receive(AssetDecision.class)
          .onMessage(AssetDecision.class, d -> {
            long latency = System.nanoTime() - intended[(int) d.step()];
            if (d.step() > warmupRounds && recorded[0] < latencies.length) {
              latencies[recorded[0]++] = latency;
            }
            answers.release();
            return Behaviors.same();
          }).build(), "bench-collector", Props.empty());
      @SuppressWarnings("unchecked")
      EntityRef<AssetSupervisor.Command>[] refs = new EntityRef[assets];
      AssetId[] ids = new AssetId[assets];
      for (int a = 0; a < assets; a++) {
        ids[a] = new AssetId("BENCH", "A" + a + "USDT");
        refs[a] = node.asset(ids[a].toString());
      }
      long heapBefore = settledHeap();
      // start every hierarchy (recovering its empty order journal) before measuring the heap
      CountDownLatch started = new CountDownLatch(assets);
      ActorRef<AssetSupervisor.AssetStatus> ready = node.system().systemActorOf(
          Behaviors.receive(AssetSupervisor.AssetStatus.class).onAnyMessage(s -> {
            started.countDown();
            return Behaviors.same();
          }).build(), "bench-ready", Props.empty());
      for (EntityRef<AssetSupervisor.Command> ref : refs) {
        ref.tell(new AssetSupervisor.GetStatus(ready));
      }
      started.await(5, TimeUnit.MINUTES);
      long heapAfter = settledHeap();

      Ticks ticks = new Ticks(ids, refs, collector);
      long secondHalf = 0;
      for (int round = 1; round <= warmupRounds; round++) {
        if (round == warmupRounds / 2 + 1) {
          secondHalf = System.nanoTime();
        }
        intended[round] = System.nanoTime();
        ticks.send(round);
        answers.acquire(assets);
      }
      double closedLoop = (double) (warmupRounds - warmupRounds / 2) * assets * 1e9 / (System.nanoTime() - secondHalf);
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(roundMs);
      for (int round = warmupRounds + 1; round <= total; round++) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(roundMs) * (round - warmupRounds - 1);
        intended[round] = due;
        sleepUntil(due);
        ticks.send(round);
      }
      answers.tryAcquire(assets * rounds, 2, TimeUnit.MINUTES);
      long[] sorted = Arrays.copyOf(latencies, recorded[0]);
      Arrays.sort(sorted);
      double ticksPerSecond = assets * 1000.0 / roundMs;
      return new Result(assets, closedLoop, ticksPerSecond, sorted.length, (long) assets * rounds - sorted.length,
          micros(sorted, 0.50), micros(sorted, 0.99), micros(sorted, 0.999), micros(sorted, 1.0),
          (heapAfter - heapBefore) / 1024.0 / assets);
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

  /** One recorded tick per asset and round, re-addressed to the bench asset and shifted past each wrap. */
  private final class Ticks {
    private final AssetId[] ids;
    private final EntityRef<AssetSupervisor.Command>[] refs;
    private final ActorRef<AssetDecision> replyTo;

    Ticks(AssetId[] ids, EntityRef<AssetSupervisor.Command>[] refs, ActorRef<AssetDecision> replyTo) {
      this.ids = ids;
      this.refs = refs;
      this.replyTo = replyTo;
    }

    void send(int round) {
      AssetTick[] step = recorded[(round - 1) % recorded.length];
      long shift = (long) ((round - 1) / recorded.length) * span;
      for (int a = 0; a < ids.length; a++) {
        AssetTick t = step[a % step.length];
        refs[a].tell(new AssetSupervisor.Tick(new AssetTick(round, ids[a], t.time() + shift, t.spotPrice(),
            t.perpPrice(), t.fundingSettled(), t.sentiment(), t.hedgeRatio(), t.exposureRatio(), t.marginRatio(),
            t.assetPnl(), t.maxNotional(), t.roundTripCost(), t.dataTime() + shift, null), NodeRiskState.NORMAL,
            replyTo));
      }
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
