package io.fundarb.actors.asset;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Where this node's order actors report each decision's tick → intent time: wall nanoseconds from
 * the asset's feed taking its market step to its order actor holding the approved target (before
 * any reservation or journal write). One per actor system, so an asset reports to the node hosting
 * it; a metrics registry or a benchmark attaches; until then samples are dropped.
 */
public final class IntentTimes implements Extension {
  /** Receives the asset, its step number, the latency and the moment (nanoTime) of the intent; on actor threads. */
  public interface Sink {
    void record(String asset, long step, long latencyNanos, long atNanos);
  }

  private static final ExtensionId<IntentTimes> ID = new ExtensionId<>() {
    @Override
    public IntentTimes createExtension(ActorSystem<?> system) {
      return new IntentTimes();
    }
  };

  private volatile Sink sink = (asset, step, latency, at) -> { };

  private IntentTimes() {
  }

  public static IntentTimes get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public void attach(Sink sink) {
    this.sink = sink;
  }

  void record(String asset, long step, long arrivedNanos) {
    long now = System.nanoTime();
    sink.record(asset, step, now - arrivedNanos, now);
  }
}
