package io.fundarb.engine.exec;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.exec.HedgeRepair.Action;
import io.fundarb.engine.exec.HedgeRepair.Policy;
import io.fundarb.engine.money.Fixed;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HedgeRepairTest {
  private static final long ONE = Fixed.ONE;
  private static final HedgeRepair.Settings COMPLETE = new HedgeRepair.Settings(Policy.COMPLETE, 2_000, ONE / 1000, 2);
  private static final HedgeRepair.Settings UNWIND = new HedgeRepair.Settings(Policy.UNWIND, 2_000, ONE / 1000, 2);

  @Test
  void aBalancedHedgeIsDoneOrWaitsForItsWorkingLegs() {
    assertEquals(new Action.Done(), HedgeRepair.decide(ONE, -ONE, false, 10, 0, COMPLETE));
    assertEquals(new Action.Wait(), HedgeRepair.decide(ONE / 2, -ONE / 2, true, 10, 0, COMPLETE));
  }

  @Test
  void anEntryWhosePerpLegLagsIsCompletedOrUnwoundAfterTheTolerance() {
    long spot = ONE;
    long perp = -ONE * 4 / 10;
    assertEquals(new Action.Wait(), HedgeRepair.decide(spot, perp, true, 500, 0, COMPLETE), "still in tolerance");
    assertEquals(new Action.Complete(Leg.PERP, -ONE * 6 / 10), HedgeRepair.decide(spot, perp, true, 2_500, 0, COMPLETE));
    assertEquals(new Action.Unwind(Leg.SPOT, -ONE * 6 / 10), HedgeRepair.decide(spot, perp, false, 0, 0, UNWIND));
    assertEquals(new Action.Unwind(Leg.SPOT, -ONE * 6 / 10), HedgeRepair.decide(spot, perp, false, 0, 2, COMPLETE),
        "completing failed twice: unwind instead");
  }

  @Test
  void anExitWhosePerpBuyBackLagsIsCompletedByBuyingTheRest() {
    assertEquals(new Action.Complete(Leg.PERP, ONE * 6 / 10),
        HedgeRepair.decide(-ONE, ONE * 4 / 10, false, 0, 0, COMPLETE));
    assertEquals(new Action.Unwind(Leg.SPOT, ONE * 6 / 10), HedgeRepair.decide(-ONE, ONE * 4 / 10, false, 0, 0, UNWIND));
  }

  /** Whatever the fills, acting on the decision leaves the hedge within its delta limit. */
  @Property
  void theRepairAlwaysRestoresNeutrality(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long spot,
      @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long perp, @ForAll @IntRange(max = 3) int attempts,
      @ForAll boolean unwind) {
    Action a = HedgeRepair.decide(spot, perp, false, 0, attempts, unwind ? UNWIND : COMPLETE);
    long after = spot + perp;
    if (a instanceof Action.Complete c) {
      after += c.quantity();
    } else if (a instanceof Action.Unwind u) {
      after += u.quantity();
    }
    assertEquals(true, Math.abs(after) <= COMPLETE.deltaLimit(), a + " leaves " + after);
  }

  @Test
  void clientOrderIdsAreStableAcrossRetriesAndFitTheVenuesRule() {
    long run = 1_733_370_000L; // the run's start, epoch seconds: 'so04uo' in base 36
    assertEquals("fa-BTCUSDT-so04uo-16-S0", ClientOrderIds.of("BTCUSDT", run, 42, Leg.SPOT, 0));
    assertEquals(ClientOrderIds.of("ETHUSDT", run, 7_000_001, Leg.PERP, 1),
        ClientOrderIds.of("ETHUSDT", run, 7_000_001, Leg.PERP, 1), "the same request: the same id after a restart");
    assertEquals(ClientOrderIds.of("BTCUSDT", run, 42, Leg.PERP, 3),
        ClientOrderIds.of(ClientOrderIds.prefix("BTCUSDT", run, 42), Leg.PERP, 3));
    assertTrue(ClientOrderIds.of("BTCUSDT", run, 999_999_999_999L, Leg.SPOT, 12).length() <= 36,
        "a trillion-th request of a BTC run still fits");
    assertThrows(IllegalArgumentException.class,
        () -> ClientOrderIds.of("AVERYVERYVERYLONGSYMBOLUSDT", run, 123_456_789L, Leg.SPOT, 0));
  }

  @Test
  void retryDelaysBackOffExponentiallyButNeverUnderRetryAfter() {
    RetryDelay delay = new RetryDelay(100, 2_000, 5);
    assertEquals(100, delay.delayMs(1, 0));
    assertEquals(400, delay.delayMs(3, 0));
    assertEquals(2_000, delay.delayMs(10, 0));
    assertEquals(3_000, delay.delayMs(1, 3_000), "the venue's Retry-After wins");
  }
}
