package io.fundarb.actors.asset;

import io.fundarb.engine.strategy.Strategy;
import java.util.function.Supplier;

/**
 * Where a node finds a model version to swap in while it runs (a model registry, usually): the
 * version's fresh-strategy supplier, loaded once and shared by every asset. Resolved where the
 * swap takes effect, also when a restarted node re-applies a journaled swap.
 */
@FunctionalInterface
public interface PolicyLibrary {
  /** A node started without a registry: nothing can be swapped in. */
  PolicyLibrary NONE = (model, version) -> {
    throw new IllegalArgumentException("this node was not started from a model registry: no model can be swapped in");
  };

  /**
   * @throws IllegalArgumentException when the version does not exist or cannot run on this node
   */
  Supplier<Strategy> policy(String model, String version);
}
