package io.fundarb.engine.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.TestInstruments;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Accounting invariants over random sequences of trades, funding, transfers and price moves. */
class LedgerPropertiesTest {
  private static final Universe UNIVERSE = TestInstruments.universe("BINANCE", "BTCUSDT");
  private static final long SPOT_TICK = UNIVERSE.instrument(0).tickSize();
  private static final long PERP_TICK = UNIVERSE.instrument(1).tickSize();
  private static final long LOT = UNIVERSE.pair(0).hedgeLot();

  /** One random operation: kind 0 trade, 1 funding, 2 margin transfer, 3 price move. */
  record Op(int kind, int instrument, long lots, long ticksA, long ticksB, long rateBps, long amount) {}

  @Provide
  Arbitrary<Op> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 1),
            Arbitraries.longs().between(-3_000, 3_000),
            Arbitraries.longs().between(1_000_000, 9_000_000),
            Arbitraries.longs().between(-50, 50),
            Arbitraries.longs().between(-30, 30),
            Arbitraries.longs().between(-5_000, 5_000))
        .as(Op::new);
  }

  private static void setMarks(MarketState market, long spot, long perp) {
    market.onBar(0, 0, spot, spot, spot, spot, Fixed.ofUnits(1000));
    market.onBar(1, 0, perp, perp, perp, perp, Fixed.ofUnits(1000));
  }

  /** {@code equity == deposits + realised + unrealised + funding - fees - interest - liq fees + cover}. */
  private static void assertAttributionIdentity(Ledger ledger, MarketState market) {
    long expected = ledger.deposits() + ledger.totalRealised() + ledger.totalUnrealised(market)
        + ledger.totalFunding() - ledger.totalFees() - ledger.totalBorrowInterest()
        - ledger.liquidationFees() + ledger.insuranceCover();
    assertEquals(expected, ledger.equity(market), "attribution identity");
  }

  @Property(tries = 300, seed = "11")
  void fillsConserveValueExceptFeesAndSlippageToTheUnit(@ForAll @Size(min = 1, max = 60) List<@From("ops") Op> ops) {
    Ledger ledger = new Ledger(UNIVERSE, Fixed.ofUnits(1_000_000), 2);
    MarketState market = new MarketState(2);
    long spotMark = 4_000_000 * SPOT_TICK;
    long perpMark = 400_000 * PERP_TICK;
    setMarks(market, spotMark, perpMark);
    for (Op op : ops) {
      switch (op.kind()) {
        case 0 -> {
          if (op.lots() == 0) {
            continue;
          }
          int i = op.instrument();
          long tick = i == 0 ? SPOT_TICK : PERP_TICK;
          long reference = op.ticksA() * tick;
          long price = reference + op.ticksB() * tick;
          long qty = op.lots() * LOT;
          setMarks(market, i == 0 ? reference : spotMark, i == 1 ? reference : perpMark);
          spotMark = market.markPrice(0);
          perpMark = market.markPrice(1);
          long fee = Rate.apply(Math.abs(Fixed.mul(qty, price, RoundingMode.HALF_EVEN)), Rate.ofBps(7), RoundingMode.CEILING);
          long slippage = Fixed.mul(Math.abs(qty), Math.abs(price - reference), RoundingMode.HALF_EVEN);
          // Slippage is the adverse part only: a favourable price is negative slippage.
          long adverse = Long.signum(qty) * (price - reference) > 0 ? slippage : -slippage;
          long before = ledger.equity(market);
          ledger.trade(i, qty, price, fee, adverse);
          assertEquals(before - fee - adverse, ledger.equity(market), "value conserved but for fee and slippage");
        }
        case 1 -> {
          long payment = -Rate.apply(Fixed.mul(ledger.quantity(1), perpMark, RoundingMode.HALF_EVEN),
              Rate.ofBps(op.rateBps()), RoundingMode.HALF_EVEN);
          long before = ledger.equity(market);
          ledger.applyFunding(1, payment);
          assertEquals(before + payment, ledger.equity(market), "funding moves equity by the payment exactly");
        }
        case 2 -> {
          long before = ledger.equity(market);
          ledger.transferMargin(1, Fixed.ofUnits(op.amount()));
          assertEquals(before, ledger.equity(market), "a margin transfer is not P&L");
        }
        default -> {
          spotMark = op.ticksA() * SPOT_TICK;
          perpMark = op.ticksA() / 10 * PERP_TICK + PERP_TICK;
          setMarks(market, spotMark, perpMark);
        }
      }
      assertAttributionIdentity(ledger, market);
    }
  }

  @Property(tries = 400, seed = "5")
  void liquidationNeverLeavesNegativeIsolatedMarginUnaccounted(
      @ForAll("lots") long lots, @ForAll boolean isShort, @ForAll("entryTicks") long entryTicks,
      @ForAll("leverage") int leverage, @ForAll("exitMove") int exitMovePct) {
    Ledger ledger = new Ledger(UNIVERSE, Fixed.ofUnits(10_000_000), leverage);
    MarketState market = new MarketState(2);
    long entry = entryTicks * PERP_TICK;
    long qty = (isShort ? -1 : 1) * lots * LOT;
    ledger.trade(1, qty, entry, 0, 0);
    long marginBefore = ledger.margin(1);
    // Exit anywhere from far beyond the bankruptcy price to well inside it.
    long exit = Math.max(PERP_TICK, Fixed.floorToStep(entry + entry / 100 * exitMovePct * (isShort ? 1 : -1), PERP_TICK));
    market.onBar(1, 0, exit, exit, exit, exit, Fixed.ofUnits(1000));
    market.onBar(0, 0, exit, exit, exit, exit, Fixed.ofUnits(1000));
    long equityBefore = ledger.equity(market);
    Liquidation l = ledger.liquidate(1, 0, exit);

    assertEquals(0, ledger.margin(1));
    assertEquals(0, ledger.quantity(1));
    assertTrue(l.fee() >= 0 && l.insuranceCover() >= 0 && l.returnedToCash() >= 0, l.toString());
    assertEquals(marginBefore, l.marginBefore());
    assertEquals(l.returnedToCash(), l.marginBefore() + l.realisedPnl() - l.fee() + l.insuranceCover(), l.toString());
    // The trader loses at most the isolated margin: equity falls by margin balance lost plus fee,
    // and any shortfall beyond the margin is covered, not charged.
    assertEquals(equityBefore - l.fee() + l.insuranceCover(), ledger.equity(market));
    assertAttributionIdentity(ledger, market);
  }

  @Provide
  Arbitrary<Long> lots() {
    return Arbitraries.longs().between(1, 5_000);
  }

  @Provide
  Arbitrary<Long> entryTicks() {
    return Arbitraries.longs().between(100_000, 900_000);
  }

  @Provide
  Arbitrary<Integer> leverage() {
    return Arbitraries.integers().between(1, 20);
  }

  @Provide
  Arbitrary<Integer> exitMove() {
    return Arbitraries.integers().between(1, 150);
  }
}
