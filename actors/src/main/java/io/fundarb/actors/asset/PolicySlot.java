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
  /** A policy as installed; each install is a new instance, so a reader compares references. */
  record Installed(Supplier<Strategy> policy, String label) {}

  private final AtomicReference<Installed> current;

  PolicySlot(Supplier<Strategy> initial, String label) {
    current = new AtomicReference<>(new Installed(initial, label));
  }

  Installed current() {
    return current.get();
  }

  void install(Supplier<Strategy> policy, String label) {
    current.set(new Installed(policy, label));
  }
}
