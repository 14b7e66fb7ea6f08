package io.fundarb.engine.time;

/** A clock that moves only when told to; time never goes backwards. */
public final class ManualClock implements Clock {
  private long now;

  public ManualClock(long start) {
    this.now = start;
  }

  @Override
  public long now() {
    return now;
  }

  public void set(long time) {
    if (time < now) {
      throw new IllegalArgumentException("clock cannot go back from " + now + " to " + time);
    }
    now = time;
  }

  public void advance(long ms) {
    set(now + ms);
  }
}
