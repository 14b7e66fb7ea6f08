package io.fundarb.engine.risk;

/**
 * How an asset's notional reservation moves: in whole quanta (Fixed), asked for rounded up and
 * given back only once the asset needs two quanta less than it holds, so a target that wanders
 * within a quantum never calls on the account. The cost: an asset holds less than one quantum
 * beyond its need after asking and less than three after its need fell, which the portfolio cap
 * counts like any reservation.
 */
public record ReservationQuanta(long quantum) {
  public ReservationQuanta {
    if (quantum <= 0) {
      throw new IllegalArgumentException("a reservation quantum must be positive, got " + quantum);
    }
  }

  /** What to ask for when {@code needed} is more than the asset holds: {@code needed} rounded up to a quantum. */
  public long ask(long needed) {
    return needed <= 0 ? 0 : Math.multiplyExact(-Math.floorDiv(-needed, quantum), quantum);
  }

  /**
   * What to keep of {@code held} when the asset needs only {@code needed}: {@code held} itself
   * unless that is two quanta or more beyond the need, else the need rounded up to a quantum.
   */
  public long keep(long needed, long held) {
    long rounded = ask(needed);
    return held - rounded >= 2 * quantum ? rounded : held;
  }
}
