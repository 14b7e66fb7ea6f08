package io.fundarb.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.asset.OrderActor.Trail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderJournalTest {
  private static final String BTC = "BINANCE:BTCUSDT";
  private static final List<OrderActor.OrderEvent> EVENTS = List.of(
      new OrderActor.Accepted(1, BTC + "-PERP", 10),
      new OrderActor.Accepted(2, BTC, 10),
      new OrderActor.Filled(1, BTC + "-PERP", 11, -100, 3_000_000, 5, true),
      new OrderActor.Filled(2, BTC, 11, 100, 2_990_000, 9, true),
      new OrderActor.Accepted(3, BTC, 20));

  private static Trail trailOf(List<OrderActor.OrderEvent> events) {
    Trail t = Trail.EMPTY;
    for (OrderActor.OrderEvent e : events) {
      t = t.then(e);
    }
    return t;
  }

  @Test
  void aFreshJournalGetsEveryReport() {
    List<OrderActor.OrderEvent> written = new ArrayList<>();
    OrderJournal journal = new OrderJournal((asset, e) -> written.add(e));
    EVENTS.forEach(e -> journal.journal(BTC, e));
    assertEquals(EVENTS, written);
    assertTrue(journal.caughtUp());
  }

  @Test
  void afterACrashOnlyWhatTheJournalLacksIsWrittenAndNothingTwice() {
    List<OrderActor.OrderEvent> written = new ArrayList<>();
    OrderJournal journal = new OrderJournal((asset, e) -> written.add(e));
    journal.recovered(Map.of(BTC, trailOf(EVENTS.subList(0, 3))));
    for (int k = 0; k < 3; k++) {
      assertFalse(journal.caughtUp());
      journal.journal(BTC, EVENTS.get(k));
    }
    assertTrue(journal.caughtUp());
    assertTrue(written.isEmpty(), "the first three are already journaled");
    journal.journal(BTC, EVENTS.get(3));
    journal.journal(BTC, EVENTS.get(4));
    assertEquals(EVENTS.subList(3, 5), written);
    assertEquals(3, journal.matched());
    assertEquals(2, journal.written());
    assertTrue(journal.drainMismatches().isEmpty());
    assertTrue(journal.unmatched().isEmpty());
  }

  @Test
  void aVenueThatDisagreesWithTheJournalIsAMismatch() {
    OrderJournal journal = new OrderJournal((asset, e) -> { });
    journal.recovered(Map.of(BTC, trailOf(EVENTS.subList(0, 2))));
    journal.journal(BTC, EVENTS.get(0));
    journal.journal(BTC, new OrderActor.Accepted(2, BTC, 12)); // same order, other time: not what was journaled
    List<OrderJournal.Mismatch> found = journal.drainMismatches();
    assertEquals(1, found.size());
    assertEquals(BTC, found.get(0).asset());
    assertTrue(journal.drainMismatches().isEmpty(), "reported once");
  }

  @Test
  void aJournalHoldingOrdersTheVenueNeverProducedIsAMismatch() {
    OrderJournal journal = new OrderJournal((asset, e) -> { });
    journal.recovered(Map.of(BTC, trailOf(EVENTS)));
    journal.journal(BTC, EVENTS.get(0));
    assertFalse(journal.caughtUp());
    assertEquals(List.of(new OrderJournal.Mismatch(BTC, "the journal holds 5 order events, the venue produced 1")),
        journal.unmatched());
  }
}
