package io.fundarb.ops.bench;

import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetSettings;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.JournalSettings;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.trading.AssetTick;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * How many asset hierarchies one node carries: starts {@code assets} sharded hierarchies (feed,
 * strategy, risk, event-sourced orders) on a fresh node, measures the heap they hold, then sends
 * every asset a tick per round on an open-loop schedule and measures tick → decision latency from
 * each round's <em>intended</em> send time, so a node that falls behind is charged for the wait
 * (no coordinated omission). Not JMH: the figure is a latency distribution, not a throughput.
 */
public final class NodeLatencyBench {
  private static final long HOUR = 3_600_000L;

  /** One run's figures; latencies in microseconds. */
  public record Result(int assets, double ticksPerSecond, long samples, long lost, double p50, double p99,
      double p999, double max, double heapPerAssetKb) {}

  private final AssetSettings settings;

  public NodeLatencyBench(AssetSettings settings) {
    this.settings = settings;
  }

  /**
   * @param roundMs wall time between rounds (every asset gets one tick per round)
   * @param warmupRounds rounds sent first and not measured (JIT, entity start)
   * @param rounds measured rounds
   */
  public Result run(int assets, long roundMs, int warmupRounds, int rounds) throws InterruptedException {
    int total = warmupRounds + rounds;
    long[] intended = new long[total + 1];
    long[] latencies = new long[assets * rounds];
    int[] recorded = new int[1];
    CountDownLatch answered = new CountDownLatch(assets * total);
    try (FundarbNode node = FundarbNode.start(settings, JournalSettings.h2Memory("bench-" + assets),
        ConfigFactory.parseString("pekko.loglevel = WARNING"))) {
      ActorRef<AssetDecision> collector = node.system().systemActorOf(Behaviors.receive(AssetDecision.class)
          .onMessage(AssetDecision.class, d -> {
            long latency = System.nanoTime() - intended[(int) d.step()];
            if (d.step() > warmupRounds && recorded[0] < latencies.length) {
              latencies[recorded[0]++] = latency;
            }
            answered.countDown();
            return Behaviors.same();
          }).build(), "bench-collector", org.apache.pekko.actor.typed.Props.empty());
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
          }).build(), "bench-ready", org.apache.pekko.actor.typed.Props.empty());
      for (EntityRef<AssetSupervisor.Command> ref : refs) {
        ref.tell(new AssetSupervisor.GetStatus(ready));
      }
      started.await(5, TimeUnit.MINUTES);
      long heapAfter = settledHeap();

      SplittableRandom random = new SplittableRandom(42);
      long[] spot = new long[assets];
      Arrays.fill(spot, Fixed.ofUnits(30_000));
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      for (int round = 1; round <= total; round++) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(roundMs * round);
        intended[round] = due;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long time = HOUR * (1_000 + round);
        long[] funding = round % 8 == 0 ? new long[] {Rate.ofDouble(random.nextDouble(-0.0002, 0.0006))} : new long[0];
        for (int a = 0; a < assets; a++) {
          spot[a] += spot[a] / 1000 * (random.nextInt(11) - 5) / 10;
          refs[a].tell(new AssetSupervisor.Tick(new AssetTick(round, ids[a], time, spot[a], spot[a] + Fixed.ofUnits(5),
              funding, 50, 0, 0, 0, 0, Fixed.ofUnits(45_000), 0.003, time, null), NodeRiskState.NORMAL, collector));
        }
      }
      answered.await(2, TimeUnit.MINUTES);
      long[] sorted = Arrays.copyOf(latencies, recorded[0]);
      Arrays.sort(sorted);
      double ticksPerSecond = assets * 1000.0 / roundMs;
      return new Result(assets, ticksPerSecond, sorted.length, (long) assets * rounds - sorted.length,
          micros(sorted, 0.50), micros(sorted, 0.99), micros(sorted, 0.999), micros(sorted, 1.0),
          (heapAfter - heapBefore) / 1024.0 / assets);
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
