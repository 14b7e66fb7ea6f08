package io.fundarb.ops.bench;

import io.fundarb.engine.env.ActionSpace;
import io.fundarb.engine.env.EnvConfig;
import io.fundarb.engine.env.EnvData;
import io.fundarb.engine.env.EnvLimits;
import io.fundarb.engine.env.RewardConfig;
import io.fundarb.engine.env.VecCarryEnv;
import io.fundarb.engine.features.Feature;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Environment steps per second without a network: 16 carry environments over the real data, the
 * full observation (50 steps x all 26 features + 3 state = 1,303 floats) written every step,
 * random episode starts, 270-step episodes. {@code policy=hold} changes the target on 2 % of
 * steps (a trained policy's pace), {@code policy=churn} on every step (worst case: a trade each
 * step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvStepBenchmark {
  static final int ENVS = 16;
  static final int STEPS = 1000;

  @Param({"hold", "churn"})
  public String policy;

  VecCarryEnv env;
  float[] observations;
  float[] rewards = new float[ENVS];
  boolean[] dones = new boolean[ENVS];
  float[][] actions = new float[1024][ENVS];

  @Setup(Level.Trial)
  public void load() {
    RlBenchData bench = new RlBenchData(Path.of(System.getProperty(BenchData.DATA_PROPERTY)));
    List<Feature> all = List.of(Feature.values());
    EnvData data = EnvData.build(bench.data, id -> bench.universe.pair(bench.universe.assetIndexOf(id)),
        bench.normalization(all, 50), 50, 8 * 3_600_000L, RlBenchData.FROM, List.of());
    EnvConfig config = new EnvConfig(new ActionSpace.Continuous(0, 1), new RewardConfig(100, 0.1, 21, 5, 0, 0, 1),
        new EnvLimits(0.05, 0.03), 1, 270, true, 0, bench.config.sizing(), bench.config.simVenue(BenchData.VENUE, null),
        bench.config.planner());
    env = new VecCarryEnv(data, config, ENVS, 1);
    observations = new float[ENVS * env.observationSize()];
    env.reset(observations);
    SplittableRandom random = new SplittableRandom(2);
    double changeShare = policy.equals("churn") ? 1 : 0.02;
    for (float[] row : actions) {
      for (int i = 0; i < ENVS; i++) {
        row[i] = random.nextDouble() < changeShare ? (float) random.nextDouble() : Float.NaN;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENVS * STEPS)
  public float steps() {
    for (int t = 0; t < STEPS; t++) {
      env.step(actions[t & 1023], observations, rewards, dones);
    }
    return observations[0];
  }
}
