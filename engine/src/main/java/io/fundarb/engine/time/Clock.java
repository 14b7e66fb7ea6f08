package io.fundarb.engine.time;

/**
 * Source of "now" in epoch milliseconds. Backtest and replay drive a {@link ManualClock};
 * paper and live use {@link #system()}. Everything that needs the time asks a clock, so the
 * same code runs in all modes.
 */
public interface Clock {
  long now();

  static Clock system() {
    return System::currentTimeMillis;
  }
}
