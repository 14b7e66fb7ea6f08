package io.fundarb.ops.data;

/** Waits; injected so rate-limit back-off is testable without real sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(long millis) throws InterruptedException;

  static Sleeper real() {
    return Thread::sleep;
  }
}
