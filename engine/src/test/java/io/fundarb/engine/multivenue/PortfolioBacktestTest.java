package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.time.Times;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The portfolio over the three venues' real data: its books add up across venue accounts and transfers. */
class PortfolioBacktestTest {
  private static final List<MarketData> DATA = List.of("BINANCE", "BYBIT", "OKX").stream().map(RealData::load).toList();

  @Test
  void rotationMovesCashAndThePortfolioIsTheSumOfItsVenuesPlusWhatIsInTransit() {
    PortfolioResult result = PortfolioNoLookAheadTest.run(DATA,
        () -> new RotationAllocation(2, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS));
    assertTrue(result.transfers() > 0, "rotation moved cash between venues");
    assertEquals(result.transfers() * 100_000_000L, result.transferFees(), "1 USDT per transfer");

    long venueEquity = 0;
    long deposits = 0;
    long tradingFees = 0;
    for (BacktestResult venue : result.venues()) {
      var books = venue.portfolio().ledger();
      venueEquity += venue.equity().equity(venue.equity().size() - 1);
      deposits += books.deposits();
      tradingFees += books.totalFees();
    }
    // Each venue's deposits are its starting cash plus what arrived less what left: summed, the
    // capital less the transfer fees less what is still on its way.
    long inTransit = RealData.SIZING.capital() - result.transferFees() - deposits;
    assertTrue(inTransit >= 0);
    assertEquals(venueEquity + inTransit, result.metrics().finalEquity());
    assertEquals(tradingFees + result.transferFees(), result.metrics().feesPaid(), "fees include transfer fees");
  }

  @Test
  void theVenueBooksAndTheEnginesMirrorAgreeAfterTransfers() {
    MultiVenueBacktester backtester = PortfolioNoLookAheadTest.backtester(DATA,
        new RotationAllocation(1, 21, 7 * Times.DAY_MS, 0.0, 90 * Times.DAY_MS));
    PortfolioResult result = backtester.run();
    assertTrue(result.transfers() > 0);
    assertEquals(0, result.invalidWeights());
    for (int v = 0; v < result.venues().size(); v++) {
      BacktestResult venue = result.venues().get(v);
      var mirror = venue.portfolio().ledger();
      var books = backtester.venueLedger(v);
      assertEquals(books.cash(), mirror.cash(), venue.venue() + " cash");
      assertEquals(books.deposits(), mirror.deposits(), venue.venue() + " deposits");
      assertEquals(books.totalFunding(), mirror.totalFunding(), venue.venue() + " funding");
      for (int i = 0; i < 4; i++) {
        assertEquals(books.quantity(i), mirror.quantity(i));
        assertEquals(books.margin(i), mirror.margin(i));
      }
      assertEquals(0, venue.metrics().rejections(), venue.venue() + ": no order refused for want of cash");
    }
  }

  @Test
  void aSpentDailyLossBudgetFlattensTheWholePortfolioUntilTheNextDay() {
    // a budget of 0.01 % of the day's opening equity: an ordinary day's wobble spends it
    var tight = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.0001);
    var offered = Opportunities.of(PortfolioNoLookAheadTest.markets(DATA), true);
    PortfolioResult result = new MultiVenueBacktester(PortfolioNoLookAheadTest.markets(DATA), offered,
        RealData.config("portfolio"), tight, new SplitAllocation(21)).run();
    assertTrue(result.lossHalts() > 0, "the tight budget was spent");
    AllocationHistory allocation = result.allocation();
    long spentDay = Long.MIN_VALUE;
    int flatDecisions = 0;
    for (int step = 0; step < allocation.size(); step++) {
      double total = 0;
      for (int o = 0; o < allocation.opportunities().size(); o++) {
        total += allocation.weight(step, o);
      }
      long day = Math.floorDiv(allocation.time(step), Times.DAY_MS);
      if (total == 0) {
        flatDecisions++;
        spentDay = day;
      } else {
        assertTrue(day != spentDay, "no entry on the day the budget was spent, step " + step);
      }
    }
    assertEquals(result.lossHalts(), flatDecisions, "split is flat exactly when the budget is spent");
    assertEquals(0, PortfolioNoLookAheadTest.run(DATA, () -> new SplitAllocation(21)).lossHalts(), "2 % is never spent here");
  }
}
