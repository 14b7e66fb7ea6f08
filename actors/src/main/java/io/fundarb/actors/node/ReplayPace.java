package io.fundarb.actors.node;

/**
 * When a replay's next step is due on the wall clock at {@code speed} times real time: measured from
 * a fixed origin (the first step paced), so timer granularity and the steps' own work do not add up
 * to a drift. Speed 0 replays as fast as the actors answer.
 */
final class ReplayPace {
  private final double speed;
  private long originWall;
  private long originTime;

  ReplayPace(double speed) {
    this.speed = speed;
  }

  /** Wall milliseconds to wait before the step at virtual time {@code next} (now at {@code now}); 0 or less: go. */
  long waitMs(long now, long next) {
    if (speed == 0 || next == Long.MAX_VALUE) {
      return 0;
    }
    long wall = System.currentTimeMillis();
    if (originWall == 0) {
      originWall = wall;
      originTime = now;
    }
    return originWall + (long) ((next - originTime) / speed) - wall;
  }
}
