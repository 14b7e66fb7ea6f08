package io.fundarb.engine.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.Backtester;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.strategy.CarryStrategy;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.strategy.ThresholdStrategy;
import io.fundarb.engine.testing.TestInstruments;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarryEnvTest {
  private static final EnvData DATA = EnvFixtures.data(List.of());

  @Test
  void anEpisodeDrivenByABaselineReproducesTheBacktestersPnlExactly() {
    for (String name : List.of("carry", "threshold")) {
      CarryEnv env = new CarryEnv(DATA, EnvFixtures.config(new ActionSpace.Continuous(-1, 1), RewardConfig.pnlOnly(),
          EnvLimits.none(), 0, false), 1);
      env.reset();
      long start = env.info().time();
      var strategy = name.equals("carry") ? new CarryStrategy(21) : new ThresholdStrategy(9, Double.NaN, 0, 21, false);
      List<Long> envEquity = new java.util.ArrayList<>();
      envEquity.add(env.equity());
      while (!env.done()) {
        env.step((float) strategy.target(env.view()));
        envEquity.add(env.equity());
      }

      // The backtester on the same data from the same first step, same sizing and venue.
      MarketData from = EnvFixtures.BTC.slice(start, Long.MAX_VALUE);
      EnvConfig c = env.config();
      BacktestResult backtest = new Backtester(from, TestInstruments.universe("BINANCE", "BTCUSDT"),
          new BacktestConfig(name, StrategySettings.empty(), c.sizing(), c.venue(), c.planner(), false)).run();
      assertEquals(backtest.equity().size(), envEquity.size(), name + ": same number of steps");
      for (int k = 0; k < envEquity.size(); k++) {
        assertEquals(backtest.equity().equity(k), envEquity.get(k), name + ": equity at step " + k);
      }
      assertTrue(backtest.metrics().fills() > 0, name + " traded");
    }
  }

  @Test
  void infeasibleReverseCarryIsClampedAndSaid() {
    CarryEnv env = new CarryEnv(DATA, EnvFixtures.config(new ActionSpace.Continuous(-1, 1), RewardConfig.pnlOnly(),
        EnvLimits.none(), 20, false), 1);
    env.reset();
    env.step(-0.7f);
    assertTrue(env.info().clamped(), "spot cannot be borrowed on this venue config");
    assertEquals(-0.7, env.info().requestedTarget(), 1e-6);
    assertEquals(0.0, env.info().appliedTarget());
    env.step(0.5f);
    assertEquals(false, env.info().clamped());
  }

  @Test
  void aHardLimitEndsTheEpisodeWithThePenalty() {
    RewardConfig reward = new RewardConfig(100, 0, 21, 0, 0, 0, 5);
    CarryEnv env = new CarryEnv(DATA, EnvFixtures.config(new ActionSpace.Continuous(-1, 1), reward,
        new EnvLimits(0.00001, 0), 0, false), 1);
    env.reset();
    double r = env.step(1f); // entering costs fees: equity dips below the tiny drawdown limit
    assertTrue(env.done());
    assertEquals(StepInfo.End.MAX_DRAWDOWN, env.info().end());
    assertTrue(r < -5 + 0.5, "terminal penalty applied: " + r);
  }

  @Test
  void discreteActionsHoldExitOrEnterAtABucket() {
    ActionSpace.Discrete space = new ActionSpace.Discrete(new double[] {0.5, 1.0});
    assertEquals(4, space.size());
    assertEquals(0.3, space.target(0, 0.3), "hold");
    assertEquals(0.0, space.target(1, 0.3), "exit");
    assertEquals(0.5, space.target(2, 0.3));
    assertEquals(1.0, space.target(3, 0.3));
  }

  @Test
  void vectorisedEnvironmentsAreDeterministicUnderASeedAndNeverEmitNaN() {
    EnvConfig config = EnvFixtures.config(new ActionSpace.Continuous(-1, 1), new RewardConfig(100, 0.5, 21, 2, 0.1, 0.01, 1),
        new EnvLimits(0.05, 0.03), 40, true);
    float[][] observations = new float[2][];
    float[][] rewards = new float[2][];
    for (int run = 0; run < 2; run++) {
      VecCarryEnv vec = new VecCarryEnv(DATA, config, 4, 99);
      float[] obs = new float[4 * vec.observationSize()];
      float[] rew = new float[4];
      boolean[] dones = new boolean[4];
      float[] actions = new float[4];
      vec.reset(obs);
      java.util.SplittableRandom policy = new java.util.SplittableRandom(5);
      float[] rewardTrace = new float[4 * 200];
      for (int t = 0; t < 200; t++) {
        for (int i = 0; i < 4; i++) {
          actions[i] = (float) (policy.nextDouble() * 2 - 1);
        }
        vec.step(actions, obs, rew, dones);
        System.arraycopy(rew, 0, rewardTrace, 4 * t, 4);
        for (float v : obs) {
          assertTrue(Float.isFinite(v), "observations are finite");
        }
      }
      assertTrue(vec.finishedEpisodes() >= 16, "40-step episodes roll over");
      observations[run] = obs;
      rewards[run] = rewardTrace;
    }
    assertArrayEquals(observations[0], observations[1]);
    assertArrayEquals(rewards[0], rewards[1]);
  }
}
