package io.fundarb.actors.asset;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Where this node's strategy actors report how long each policy took to decide (a network's
 * forward pass for a model): one per actor system, so an entity reports to the node hosting it.
 * A metrics registry attaches once the node runs; until then samples are dropped.
 */
public final class DecisionTimes implements Extension {
  /** Receives the policy's label and its decision time in nanoseconds; called on actor threads. */
  public interface Sink {
    void record(String policy, long nanos);
  }

  private static final ExtensionId<DecisionTimes> ID = new ExtensionId<>() {
    @Override
    public DecisionTimes createExtension(ActorSystem<?> system) {
      return new DecisionTimes();
    }
  };

  private volatile Sink sink = (policy, nanos) -> { };

  private DecisionTimes() {
  }

  public static DecisionTimes get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public void attach(Sink sink) {
    this.sink = sink;
  }

  void record(String policy, long nanos) {
    sink.record(policy, nanos);
  }
}
