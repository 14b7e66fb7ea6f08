package io.fundarb.engine.env;

import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.SimVenueConfig;
import java.util.Objects;

/**
 * One environment's rules.
 *
 * @param targetScale the agent's default size: its target is multiplied by this (a short-term
 *     timing agent may trade half the notional a long-term one does)
 * @param episodeSteps steps per episode (0: run to the end of the data); reaching it ends the
 *     episode like a terminal state (documented simplification: no bootstrap on time-outs)
 * @param randomStart start each episode at a random step of the range (false: at its first step)
 * @param shockedShare share of episodes that replay a shocked variant of the data, when the data
 *     has any
 */
public record EnvConfig(
    ActionSpace actions,
    RewardConfig reward,
    EnvLimits limits,
    double targetScale,
    int episodeSteps,
    boolean randomStart,
    double shockedShare,
    Sizing sizing,
    SimVenueConfig venue,
    PlannerSettings planner) {
  public EnvConfig {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(reward, "reward");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(sizing, "sizing");
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(planner, "planner");
    if (!(targetScale > 0 && targetScale <= 1) || episodeSteps < 0 || shockedShare < 0 || shockedShare > 1) {
      throw new IllegalArgumentException("need 0 < targetScale <= 1, episodeSteps >= 0 and 0 <= shockedShare <= 1");
    }
  }
}
