package io.fundarb.actors.node;

import io.fundarb.actors.serialization.Durable;

/**
 * What an operator (or the admin API) tells a running node to do. A replay takes each at the start
 * of the next step and journals it with that step, so a re-run applies it exactly there; a live run
 * takes it at once, and the actor it concerns journals the state it leaves behind.
 */
public sealed interface Steering extends Durable {
  /** The asset it concerns, or null for the account or the whole node. */
  default String asset() {
    return null;
  }

  /** Flatten everything whatever the strategies say, then stop (the account refuses new exposure). */
  record Kill(String reason) implements Steering {}

  record AddAsset(String asset) implements Steering {}

  /** Flatten the asset and take it out of trading. */
  record RemoveAsset(String asset) implements Steering {}

  /** SAFE mode by hand: holds and reductions only, working orders cancelled. */
  record PauseAsset(String asset, String reason) implements Steering {}

  /** Lifts a pause, a flatten and a losing-streak halt. */
  record ResumeAsset(String asset) implements Steering {}

  /** Target zero for the asset (working orders cancelled) until it is resumed. */
  record FlattenAsset(String asset, String reason) implements Steering {}

  /** Every asset in SAFE mode: holds and reductions only. */
  record PauseNode(String reason) implements Steering {}

  /** Lifts every asset's manual pause and flatten. */
  record ResumeNode() implements Steering {}

  /** An operator's change to a tunable limit (see {@code TunableLimits}), in its key spelling. */
  record SetLimit(String limit, double value) implements Steering {}

  /** Every asset runs {@code version} of {@code model} (from the node's policy library) from now on. */
  record UseModel(String model, String version) implements Steering {}

  /** How the node reports the command in replies and logs. */
  static String describe(Steering s) {
    if (s instanceof Kill kill) {
      return "kill switch (" + kill.reason() + ")";
    } else if (s instanceof AddAsset add) {
      return "adding " + add.asset();
    } else if (s instanceof RemoveAsset remove) {
      return "removing " + remove.asset() + " (flatten, no more trading)";
    } else if (s instanceof PauseAsset pause) {
      return "pausing " + pause.asset() + " (" + pause.reason() + ")";
    } else if (s instanceof FlattenAsset flatten) {
      return "flattening " + flatten.asset() + " (" + flatten.reason() + ") until resumed";
    } else if (s instanceof PauseNode pause) {
      return "pausing every asset (" + pause.reason() + ")";
    } else if (s instanceof ResumeNode) {
      return "resuming every asset";
    } else if (s instanceof SetLimit set) {
      return "setting " + set.limit() + " to " + set.value();
    } else if (s instanceof UseModel use) {
      return "running " + use.model() + " " + use.version() + " on every asset";
    }
    return "resuming " + ((ResumeAsset) s).asset();
  }
}
