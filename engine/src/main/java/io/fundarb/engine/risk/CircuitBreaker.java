package io.fundarb.engine.risk;

/**
 * An asset's circuit breaker as a plain state machine: {@code maxFailures} failures within
 * {@code windowMs} open it (SAFE mode); after {@code coolDownMs} it turns half-open (the strategy
 * runs again, entries stay blocked); {@code healthyMs} without a failure closes it, and a failure
 * while half-open opens it again. Times come from the caller's clock.
 */
public final class CircuitBreaker {
  public enum State { CLOSED, OPEN, HALF_OPEN }

  public record Settings(int maxFailures, long windowMs, long coolDownMs, long healthyMs) {
    public Settings {
      if (maxFailures < 1 || windowMs <= 0 || coolDownMs < 0 || healthyMs < 0) {
        throw new IllegalArgumentException("breaker: need max-failures >= 1, window > 0, cool-down and healthy >= 0");
      }
    }
  }

  private final Settings settings;
  private final long[] failures;
  private int failureCount;
  private State state = State.CLOSED;
  private long since;

  public CircuitBreaker(Settings settings) {
    this.settings = settings;
    this.failures = new long[settings.maxFailures()];
  }

  /** Records a failure; returns true when this failure opened the breaker. */
  public boolean onFailure(long now) {
    failures[failureCount++ % failures.length] = now;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failureCount >= failures.length
        && now - oldestRecentFailure() <= settings.windowMs())) {
      open(now);
      return true;
    }
    return false;
  }

  /** Moves by time alone; returns the state after. */
  public State onTime(long now) {
    if (state == State.OPEN && now - since >= settings.coolDownMs()) {
      state = State.HALF_OPEN;
      since = now;
    } else if (state == State.HALF_OPEN && now - since >= settings.healthyMs()) {
      state = State.CLOSED;
      since = now;
      failureCount = 0;
    }
    return state;
  }

  /** Opens at once (a manual trip or a hard breach). */
  public void open(long now) {
    state = State.OPEN;
    since = now;
  }

  /**
   * Takes back a state recorded earlier (a restarted asset's journal): OPEN or HALF_OPEN since
   * {@code since}, so cool-down and healthy periods count from the original transition.
   */
  public void restore(State recorded, long since) {
    this.state = recorded;
    this.since = since;
    this.failureCount = 0;
  }

  public State state() {
    return state;
  }

  /** When the breaker entered its state (the caller's clock). */
  public long since() {
    return since;
  }

  /**
   * The earliest time at which {@link #onTime} would move the breaker (open: end of the cool-down;
   * half-open: end of the healthy period); {@link Long#MAX_VALUE} while closed.
   */
  public long nextChange() {
    return switch (state) {
      case OPEN -> since + settings.coolDownMs();
      case HALF_OPEN -> since + settings.healthyMs();
      case CLOSED -> Long.MAX_VALUE;
    };
  }

  public boolean blocksEntries() {
    return state != State.CLOSED;
  }

  /** The oldest of the last {@code maxFailures} failure times. */
  private long oldestRecentFailure() {
    return failures[failureCount % failures.length];
  }
}
