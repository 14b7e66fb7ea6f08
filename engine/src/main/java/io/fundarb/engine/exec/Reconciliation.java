package io.fundarb.engine.exec;

import io.fundarb.engine.instrument.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what the node believes it holds per asset with what the venue reports: a leg that
 * differs by more than the tolerance is a mismatch (someone traded behind the node's back, a
 * fill was lost, a journal is wrong) and opens the asset's breaker. Quantities are base units
 * (Fixed); the spot leg is the base balance, the perp leg the signed position. Pure.
 */
public final class Reconciliation {
  /** One asset's two legs. */
  public record Holding(long spot, long perp) {
    public static final Holding NONE = new Holding(0, 0);
  }

  public record Mismatch(String asset, Leg leg, long expected, long actual) {}

  private Reconciliation() {}

  public static List<Mismatch> compare(Map<String, Holding> expected, Map<String, Holding> actual, long tolerance) {
    List<Mismatch> out = new ArrayList<>();
    TreeSet<String> assets = new TreeSet<>(expected.keySet());
    assets.addAll(actual.keySet());
    for (String asset : assets) {
      Holding e = expected.getOrDefault(asset, Holding.NONE);
      Holding a = actual.getOrDefault(asset, Holding.NONE);
      if (Math.abs(e.spot() - a.spot()) > tolerance) {
        out.add(new Mismatch(asset, Leg.SPOT, e.spot(), a.spot()));
      }
      if (Math.abs(e.perp() - a.perp()) > tolerance) {
        out.add(new Mismatch(asset, Leg.PERP, e.perp(), a.perp()));
      }
    }
    return out;
  }
}
