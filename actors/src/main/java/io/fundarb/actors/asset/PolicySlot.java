package io.fundarb.actors.asset;

import io.fundarb.engine.strategy.Strategy;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The policy an asset's strategy actor runs, owned by the asset's supervisor so that it survives
 * the strategy actor's restarts. The supervisor installs a new policy before it routes the step's
 * tick, so the strategy actor sees it on that tick (the tick travels through mailboxes after the
 * install) and builds a fresh strategy from it; the market history stays in the view.
 */
final class PolicySlot {
  /** A policy and the number of installs before it, so a reader knows when it changed. */
  record Installed(Supplier<Strategy> policy, String label, long generation) {}

  private final AtomicReference<Installed> current;

  PolicySlot(Supplier<Strategy> initial, String label) {
    current = new AtomicReference<>(new Installed(initial, label, 0));
  }

  Installed current() {
    return current.get();
  }

  void install(Supplier<Strategy> policy, String label) {
    current.updateAndGet(old -> new Installed(policy, label, old.generation() + 1));
  }
}
