package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The portfolio cap as reservations: never exceeded by a grant, reductions always pass. */
class NotionalReservationsPropertyTest {
  private static final long CAP = 1_000_000;

  record Ask(int asset, long wanted, boolean entriesAllowed) {}

  @Provide
  Arbitrary<List<Ask>> asks() {
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.longs().between(0, 600_000),
        Arbitraries.of(true, true, true, false)).as(Ask::new).list().ofMaxSize(60);
  }

  @Property(seed = "19")
  void grantsNeverPushTheTotalPastTheCapAndShrinkingAlwaysSucceeds(@ForAll("asks") List<Ask> asks) {
    NotionalReservations book = NotionalReservations.NONE;
    for (Ask ask : asks) {
      String asset = "A" + ask.asset();
      long before = book.held(asset);
      long granted = book.grant(asset, ask.wanted(), CAP, 400_000, ask.entriesAllowed());
      if (ask.wanted() <= before) {
        assertEquals(ask.wanted(), granted, "a reduction is never blocked");
      } else {
        assertTrue(granted >= before && granted <= ask.wanted(), "an increase grants between held and wanted");
        assertTrue(granted <= 400_000 || granted == before, "never past the asset's ceiling");
        if (!ask.entriesAllowed()) {
          assertEquals(before, granted, "no new exposure while entries are blocked");
        }
      }
      book = book.with(asset, granted);
      assertTrue(book.total() <= CAP, "the cap holds: " + book);
    }
  }

  @Test
  void anIncreaseTakesOnlyTheCapacityOthersLeaveFree() {
    NotionalReservations book = NotionalReservations.NONE.with("A", 700_000);
    assertEquals(300_000, book.grant("B", 500_000, CAP, 1_000_000, true));
    assertEquals(700_000, book.grant("A", 900_000, CAP, 1_000_000, false), "blocked: keeps what it holds");
    assertEquals(200_000, book.grant("A", 200_000, CAP, 1_000_000, false), "a reduction passes even when blocked");
  }
}
