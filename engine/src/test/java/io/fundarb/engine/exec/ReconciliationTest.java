package io.fundarb.engine.exec;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.exec.Reconciliation.Holding;
import io.fundarb.engine.exec.Reconciliation.Mismatch;
import io.fundarb.engine.money.Fixed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final long HALF = Fixed.parse("0.5");
  private static final long DUST = Fixed.parse("0.00000001");

  @Test
  void matchingBooksAreQuietAndEveryDifferingLegIsReported() {
    Map<String, Holding> node = Map.of("BTCUSDT", new Holding(HALF, -HALF), "ETHUSDT", new Holding(0, 0));
    assertEquals(List.of(), Reconciliation.compare(node, Map.of("BTCUSDT", new Holding(HALF + DUST, -HALF)), DUST));
    assertEquals(List.of(new Mismatch("BTCUSDT", Leg.PERP, -HALF, -2 * HALF),
            new Mismatch("SOLUSDT", Leg.SPOT, 0, HALF)),
        Reconciliation.compare(node, Map.of("BTCUSDT", new Holding(HALF, -2 * HALF), "SOLUSDT", new Holding(HALF, 0)),
            DUST), "a position changed behind the node's back, and an asset the node never traded");
  }
}
