package io.fundarb.models.ppo;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine the way fundarb needs it: natives from the Maven jar only (offline:
 * nothing is ever downloaded), one intra-op and one inter-op thread (small networks run faster
 * without thread hand-offs, and results stay reproducible), and a fixed seed for weight
 * initialisation. Call before creating any network.
 */
public final class DjlRuntime {
  private DjlRuntime() {}

  public static Engine start(long seed) {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
    return engine;
  }
}
