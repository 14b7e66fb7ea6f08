package io.fundarb.engine.strategy;

/** Never trades: the yardstick for "doing nothing costs nothing". */
public final class FlatStrategy implements Strategy {
  @Override
  public double target(AssetView view) {
    return 0;
  }
}
