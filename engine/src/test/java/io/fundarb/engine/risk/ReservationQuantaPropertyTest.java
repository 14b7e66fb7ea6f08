package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** A reservation in quanta always covers the need, and never exceeds it by three quanta or more. */
class ReservationQuantaPropertyTest {
  @Property(tries = 3000, seed = "31")
  void anAskCoversTheNeedWithinOneQuantumAndAKeepStaysWithinTwo(
      @ForAll @LongRange(min = 1, max = 1_000_000) long quantum,
      @ForAll @LongRange(min = 0, max = 100_000_000) long needed,
      @ForAll @LongRange(min = 0, max = 100_000_000) long extra) {
    ReservationQuanta quanta = new ReservationQuanta(quantum);
    long asked = quanta.ask(needed);
    assertTrue(asked >= needed && asked - needed < quantum, "ask " + asked + " for " + needed);
    assertEquals(0, asked % quantum);
    long held = needed + extra;
    long kept = quanta.keep(needed, held);
    assertTrue(kept >= needed, "keeps what it needs");
    assertTrue(kept <= held, "never grows by a release");
    assertTrue(kept == held || kept == asked, "keeps all, or gives back down to the rounded need");
    assertTrue(kept - needed < 3 * quantum, "holds " + kept + " for " + needed);
  }

  @Test
  void aTargetWanderingWithinAQuantumKeepsItsReservation() {
    ReservationQuanta quanta = new ReservationQuanta(100);
    assertEquals(300, quanta.ask(201));
    assertEquals(300, quanta.keep(150, 300), "one quantum and a half below: kept");
    assertEquals(100, quanta.keep(100, 300), "two quanta below: given back down to the need");
    assertEquals(0, quanta.keep(0, 200));
  }
}
