package io.fundarb.actors.node;

import java.util.function.LongConsumer;

/**
 * Where the desk reports each step's tick → intent latency: wall nanoseconds from sending the
 * step's ticks to the assets until every decision (or the timeout) is in. A metrics registry
 * attaches to it once the node runs; until then samples are dropped.
 */
public final class StepLatency {
  private volatile LongConsumer sink = nanos -> { };

  public void attach(LongConsumer sink) {
    this.sink = sink;
  }

  void record(long nanos) {
    sink.accept(nanos);
  }
}
