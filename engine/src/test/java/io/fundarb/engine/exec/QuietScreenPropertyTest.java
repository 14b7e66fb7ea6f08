package io.fundarb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.account.Ledger;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.TestInstruments;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The planner's double-precision screen only ever skips steps the exact plan would skip too:
 * over random hedges, price drifts, basis moves, margins and targets (including states sitting
 * right on a band), "certainly quiet" implies an empty exact plan.
 */
class QuietScreenPropertyTest {
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT");
  private static final HedgePlanner PLANNER = new HedgePlanner(UNIVERSE, PlannerSettings.defaults());

  @Property(tries = 3000, seed = "17")
  void quietMeansTheExactPlanIsEmpty(
      @ForAll @LongRange(min = 1, max = 3000) long lots,
      @ForAll @LongRange(min = 10_000, max = 90_000) long entry,
      @ForAll @DoubleRange(min = 0.85, max = 1.15) double drift,
      @ForAll @DoubleRange(min = 0.9, max = 1.1) double basis,
      @ForAll @IntRange(min = -3, max = 3) int lotMismatch,
      @ForAll @DoubleRange(min = -0.6, max = 0.6) double marginShift,
      @ForAll @IntRange(min = 0, max = 4) int targetCase,
      @ForAll @IntRange(min = 1, max = 3) int leverage) {
    Ledger ledger = new Ledger(UNIVERSE, Fixed.ofUnits(10_000_000), leverage);
    long lot = UNIVERSE.pair(0).hedgeLot();
    long qty = lots * lot;
    long entryPrice = Fixed.ofUnits(entry);
    ledger.trade(0, qty, entryPrice, 0, 0);
    ledger.trade(1, -(qty + lotMismatch * lot), entryPrice, 0, 0);
    ledger.transferMargin(1, (long) (ledger.margin(1) * marginShift));
    MarketState market = new MarketState(2);
    long spot = Fixed.floorToStep((long) (entryPrice * drift), Fixed.parse("0.01"));
    long perp = Fixed.floorToStep((long) (spot * basis), Fixed.parse("0.1"));
    market.onBar(0, 0, spot, spot, spot, spot, Fixed.ofUnits(1000));
    market.onBar(1, 0, perp, perp, perp, perp, Fixed.ofUnits(1000));
    long maxNotional = Fixed.mul(qty, entryPrice, java.math.RoundingMode.DOWN);
    long target = switch (targetCase) {
      case 0 -> 0;
      case 1 -> Rate.ONE;
      case 2 -> Rate.ofDouble(0.5);
      case 3 -> Rate.ofDouble(0.95); // a hair inside the 10 % band
      default -> Rate.ofDouble(0.9);
    };
    boolean quiet = PLANNER.certainlyQuiet(0, target, maxNotional, ledger, market, spot);
    boolean exactlyEmpty = PLANNER.planExactly(0, target, maxNotional, ledger, market, ledger.cash()).isEmpty();
    Statistics.collect(quiet, exactlyEmpty);
    if (quiet) {
      assertEquals(true, exactlyEmpty, "the screen skipped a step the exact plan acts on");
    }
    // Not vacuous: many states are screened quiet, and many quiet-looking ones are left to the exact path.
    Statistics.coverage(c -> {
      c.check(true, true).percentage(pct -> pct > 5);
      c.check(false, true).percentage(pct -> pct > 1);
      c.check(false, false).percentage(pct -> pct > 10);
    });
  }

  /** The same for explicit legs: a perp (or spot) leg whose hedge is on another venue, any target near it. */
  @Property(tries = 3000, seed = "21")
  void quietLegsMeanTheExactPlanIsEmpty(
      @ForAll @LongRange(min = 1, max = 3000) long lots,
      @ForAll @LongRange(min = 10_000, max = 90_000) long entry,
      @ForAll @DoubleRange(min = 0.85, max = 1.15) double drift,
      @ForAll @IntRange(min = -200, max = 200) int targetLots,
      @ForAll @DoubleRange(min = -0.6, max = 0.6) double marginShift,
      @ForAll boolean perpLeg,
      @ForAll boolean longLeg,
      @ForAll @IntRange(min = 1, max = 3) int leverage) {
    Ledger ledger = new Ledger(UNIVERSE, Fixed.ofUnits(10_000_000), leverage);
    long lot = UNIVERSE.pair(0).hedgeLot();
    long qty = (longLeg ? 1 : -1) * lots * lot;
    long entryPrice = Fixed.ofUnits(entry);
    int leg = perpLeg ? 1 : 0;
    if (!perpLeg) {
      qty = Math.abs(qty); // spot is held long only
    }
    ledger.trade(leg, qty, entryPrice, 0, 0);
    if (perpLeg) {
      ledger.transferMargin(1, (long) (ledger.margin(1) * marginShift));
    }
    MarketState market = new MarketState(2);
    long spot = Fixed.floorToStep((long) (entryPrice * drift), Fixed.parse("0.01"));
    long perp = Fixed.floorToStep(spot, Fixed.parse("0.1"));
    market.onBar(0, 0, spot, spot, spot, spot, Fixed.ofUnits(1000));
    market.onBar(1, 0, perp, perp, perp, perp, Fixed.ofUnits(1000));
    long maxNotional = Fixed.mul(Math.abs(qty), entryPrice, java.math.RoundingMode.DOWN);
    long target = qty + Long.signum(qty) * targetLots * lot;
    long spotTarget = perpLeg ? 0 : target;
    long perpTarget = perpLeg ? target : 0;
    boolean quiet = PLANNER.legsCertainlyQuiet(0, spotTarget, perpTarget, maxNotional, ledger, market);
    boolean exactlyEmpty = PLANNER.planLegsExactly(0, spotTarget, perpTarget, maxNotional, false, ledger, market,
        ledger.cash()).isEmpty();
    Statistics.collect(quiet, exactlyEmpty);
    if (quiet) {
      assertEquals(true, exactlyEmpty, "the screen skipped a step the exact plan acts on");
    }
    Statistics.coverage(c -> {
      c.check(true, true).percentage(pct -> pct > 5);
      c.check(false, false).percentage(pct -> pct > 10);
    });
  }
}
