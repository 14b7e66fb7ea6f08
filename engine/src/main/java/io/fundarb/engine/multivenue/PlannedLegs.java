package io.fundarb.engine.multivenue;

/**
 * A portfolio step's legs, in the order they trade: for each venue account's asset, the spot and
 * perp quantities it should hold (Fixed, signed) and whether they go there now whatever the bands
 * (the hedge is off over the venues, or the venue needs the cash). A backtest hands each to the
 * venue's own trader; a node hands each to the asset's order actor.
 */
public interface PlannedLegs {
  int size();

  int venue(int k);

  /** The asset's index in its venue's universe. */
  int asset(int k);

  long spot(int k);

  long perp(int k);

  boolean toTarget(int k);
}
