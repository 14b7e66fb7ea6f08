package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VenueTransfersTest {
  /** A venue account that only holds cash. */
  static final class Cash implements VenueTransfers.CashAccount {
    long cash;

    Cash(long cash) {
      this.cash = cash;
    }

    @Override
    public long freeCash() {
      return cash;
    }

    @Override
    public void move(long signedAmount) {
      cash += signedAmount;
    }
  }

  @Test
  void aTransferLeavesAtOnceAndArrivesLessItsFeeAfterTheDelay() {
    Cash a = new Cash(Fixed.ofUnits(10_000));
    Cash b = new Cash(Fixed.ofUnits(5_000));
    // 1 USDT plus 0.05 % of the amount, one hour.
    var transfers = new VenueTransfers(List.of(a, b), new TransferTerms(Fixed.ofUnits(1), Rate.parse("0.0005"), Times.HOUR_MS));
    long t0 = 1_700_000_000_000L;
    transfers.send(0, 1, Fixed.parse("2000.01"), t0);
    // Fee: 1 + 2,000.01 * 0.0005 = 1 + 1.000005 = 2.000005, on the 1e-8 grid exactly.
    assertEquals(Fixed.parse("7999.99"), a.cash);
    assertEquals(Fixed.ofUnits(5_000), b.cash, "nothing arrives at once");
    assertEquals(Fixed.parse("1998.009995"), transfers.inTransit());
    assertEquals(Fixed.parse("1998.009995"), transfers.incoming(1));
    assertEquals(Fixed.parse("2.000005"), transfers.feesPaid());

    transfers.settle(t0 + Times.HOUR_MS - 1);
    assertEquals(Fixed.ofUnits(5_000), b.cash, "one millisecond before the delay: still in transit");
    transfers.settle(t0 + Times.HOUR_MS);
    assertEquals(Fixed.parse("6998.009995"), b.cash);
    assertEquals(0, transfers.inTransit());
    assertEquals(0, transfers.incoming(1));
    assertEquals(1, transfers.sent());
  }

  @Test
  void aFeeRateRoundsUpToTheNextUnitOfTheGrid() {
    var terms = new TransferTerms(0, Rate.parse("0.0005"), 0);
    // 0.00000003 * 0.0005 is far below 1e-8: charged as one unit, never as nothing.
    assertEquals(1, terms.fee(3));
  }

  @Test
  void transfersThatCannotBePaidAreRefusedAndChangeNothing() {
    Cash a = new Cash(Fixed.ofUnits(100));
    Cash b = new Cash(0);
    var transfers = new VenueTransfers(List.of(a, b), new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS));
    assertThrows(IllegalArgumentException.class, () -> transfers.send(0, 1, Fixed.ofUnits(1), 0), "does not cover its fee");
    assertThrows(IllegalArgumentException.class, () -> transfers.send(0, 1, Fixed.ofUnits(101), 0), "more than the cash");
    assertThrows(IllegalArgumentException.class, () -> transfers.send(0, 0, Fixed.ofUnits(10), 0), "to itself");
    assertEquals(Fixed.ofUnits(100), a.cash);
    assertEquals(0, transfers.inTransit());
    assertEquals(0, transfers.feesPaid());
  }

  record Step(int from, int to, long amount, long advanceMs) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
        Arbitraries.longs().between(0, Fixed.ofUnits(50_000)), Arbitraries.longs().between(0, 3 * Times.HOUR_MS))
        .as(Step::new);
  }

  /**
   * Over any sequence of transfers among three venues and any passage of time, the cash of all
   * venues plus what is in transit plus the fees paid stays what it was, no venue's cash goes
   * negative, and once every delay has passed nothing is left in transit.
   */
  @Property(tries = 300, seed = "21")
  void cashIsConservedAcrossVenueAccounts(@ForAll @Size(max = 40) List<@From("steps") Step> steps) {
    List<Cash> venues = new ArrayList<>(List.of(new Cash(Fixed.ofUnits(40_000)), new Cash(Fixed.ofUnits(25_000)),
        new Cash(Fixed.parse("35000.12345678"))));
    long total = venues.stream().mapToLong(c -> c.cash).sum();
    var transfers = new VenueTransfers(venues, new TransferTerms(Fixed.ofUnits(1), Rate.parse("0.001"), Times.HOUR_MS));
    long now = 0;
    for (Step s : steps) {
      now += s.advanceMs();
      transfers.settle(now);
      boolean payable = s.from() != s.to() && s.amount() > transfers.fee(s.amount())
          && s.amount() <= venues.get(s.from()).cash;
      if (payable) {
        transfers.send(s.from(), s.to(), s.amount(), now);
      } else {
        assertThrows(IllegalArgumentException.class, () -> transfers.send(s.from(), s.to(), s.amount(), 0));
      }
      long held = venues.stream().mapToLong(c -> c.cash).sum();
      assertEquals(total, held + transfers.inTransit() + transfers.feesPaid());
      venues.forEach(c -> assertTrue(c.cash >= 0));
    }
    transfers.settle(now + Times.HOUR_MS);
    assertEquals(0, transfers.inTransit());
    assertEquals(total, venues.stream().mapToLong(c -> c.cash).sum() + transfers.feesPaid());
  }
}
