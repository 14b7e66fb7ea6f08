package io.fundarb.engine.multivenue;

import static io.fundarb.engine.testing.TestMarket.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.testing.TestMarket;
import io.fundarb.engine.time.Times;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.FeeSchedule;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.engine.venue.SlippageModel;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One day of a cross-venue perp-perp position: long the BTC perp on BYBIT, short it on OKX, held
 * through two settlements and closed. Funding on both perps (the long pays, the short receives),
 * fees on the four fills, isolated margin on both venues while held, and each venue's and the
 * portfolio's equity at the end, every figure worked out by hand (BigDecimal) to the unit.
 */
class PerpPerpDayByHandTest {
  private static final long OPEN = at("2023-12-31T16:00:00Z");
  private static final long EXIT_DECIDED = at("2024-01-01T16:00:00Z");
  private static final long[] SETTLEMENTS = {at("2024-01-01T08:00:00Z"), EXIT_DECIDED, at("2024-01-02T00:00:00Z"),
      at("2024-01-02T08:00:00Z")};
  // Closes on the thousand, so every price one half spread (1 bp) away lands on the 0.1 tick.
  private static final String[] CLOSES = {"42000", "43000", "44000", "43000", "42000"};

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static BigDecimal fixed(long raw) {
    return Fixed.toBigDecimal(raw).stripTrailingZeros();
  }

  private static VenueMarket market(String venue, String[] funding, String perpTakerBps) {
    var data = new TestMarket(venue, 8 * Times.HOUR_MS).asset("BTCUSDT", OPEN, CLOSES, CLOSES, SETTLEMENTS, funding, "1000")
        .build();
    return new VenueMarket(data, TestInstruments.universe(venue, "BTCUSDT"), new SimVenueConfig(100, Rate.parse("0.1"),
        new SlippageModel(1, 0, 1), FeeSchedule.ofBps("10", "10"), FeeSchedule.ofBps("2", perpTakerBps), false, 0, 0));
  }

  @Test
  void longOnePerpShortTheOtherThroughTwoSettlementsMatchesHandFigures() {
    List<VenueMarket> venues = List.of(market("BYBIT", new String[] {"0.0001", "0.0001", "0.0001", "0.0001"}, "5.5"),
        market("OKX", new String[] {"0.0003", "0.0004", "0.0002", "0.0001"}, "5"));
    Opportunities.Offered offered = Opportunities.of(venues, true);
    assertEquals(List.of(), offered.excluded(), "the two venues' bars line up");
    int perpPerp = offered.opportunities().stream().map(Opportunity::label).toList()
        .indexOf("BTCUSDT:long-BYBIT-perp/short-OKX-perp");
    AllocationPolicy holdThenExit = new AllocationPolicy() {
      @Override
      public String name() {
        return "perp-perp";
      }

      @Override
      public void allocate(AllocationState state, double[] weights) {
        weights[perpPerp] = state.time() < EXIT_DECIDED ? 0.5 : 0;
      }
    };
    var config = new BacktestConfig("perp-perp", StrategySettings.empty(),
        new Sizing(Fixed.ofUnits(200_000), Rate.parse("0.1"), 1), venues.get(0).venue(), PlannerSettings.defaults(), true);
    var settings = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(5_000), true, 0.02);
    PortfolioResult result = new MultiVenueBacktester(venues, offered, config, settings, holdThenExit).run();

    // Half the portfolio, less the 10 % reserve, pays both legs' margins at 1x: 0.5 * 200,000 *
    // 0.9 / 2 = 45,000 per leg; 45,000 / 42,000 (the long leg's close) = 1.0714.. -> 1.071 BTC.
    // Each venue needs 45,000 / 0.9 = 50,000 of its 100,000. As the price rises the long's venue
    // gains what the short's loses (about 1,071 a 1,000 move): under the 5,000 minimum, no transfer
    // (PortfolioBacktestTest covers transfers).
    BigDecimal q = d("1.071");
    assertEquals(0, result.transfers());
    BacktestResult bybit = result.venues().get(0);
    BacktestResult okx = result.venues().get(1);
    // In at 00:00:00.100 off the 00:00 closes (42,000), out at 16:00:00.100 off the 16:00 closes (44,000).
    checkFills(bybit, q, Side.BUY, d("42004.2"), d("43995.6"));
    checkFills(okx, q, Side.SELL, d("41995.8"), d("44004.4"));
    BigDecimal feesBybit = q.multiply(d("42004.2")).add(q.multiply(d("43995.6"))).multiply(d("0.00055"));
    BigDecimal feesOkx = q.multiply(d("41995.8")).add(q.multiply(d("44004.4"))).multiply(d("0.0005"));
    assertEquals(0, feesBybit.compareTo(fixed(bybit.metrics().feesPaid())), "BYBIT fees");
    assertEquals(0, feesOkx.compareTo(fixed(okx.metrics().feesPaid())), "OKX fees");

    // Settled while held: 08:00 (mark 43,000) and 16:00 (mark 44,000); flat before 00:00.
    // Payment = -position * mark * rate: the long pays BYBIT's rate, the short receives OKX's.
    BigDecimal fundingBybit = q.negate().multiply(d("43000").multiply(d("0.0001")).add(d("44000").multiply(d("0.0001"))));
    BigDecimal fundingOkx = q.multiply(d("43000").multiply(d("0.0003")).add(d("44000").multiply(d("0.0004"))));
    assertEquals(0, fundingBybit.compareTo(fixed(result.fundingByPerp().get("BYBIT:BTCUSDT"))));
    assertEquals(0, fundingOkx.compareTo(fixed(result.fundingByPerp().get("OKX:BTCUSDT"))));
    assertEquals(0, fundingBybit.add(fundingOkx).compareTo(fixed(result.metrics().fundingEarned())));

    // Isolated margin after the 08:00 settlement (second sample): the entry notional at 1x plus
    // the funding settled into it.
    int perp = 1;
    assertEquals(0, q.multiply(d("42004.2")).subtract(q.multiply(d("43000")).multiply(d("0.0001")))
        .compareTo(fixed(bybit.positions().margin(1, perp))), "BYBIT margin");
    assertEquals(0, q.multiply(d("41995.8")).add(q.multiply(d("43000")).multiply(d("0.0003")))
        .compareTo(fixed(okx.positions().margin(1, perp))), "OKX margin");

    // Equity at the end: each venue's 100,000 plus its leg's P&L and funding less its fees.
    BigDecimal equityBybit = d("100000").add(q.multiply(d("43995.6").subtract(d("42004.2")))).add(fundingBybit)
        .subtract(feesBybit);
    BigDecimal equityOkx = d("100000").add(q.multiply(d("41995.8").subtract(d("44004.4")))).add(fundingOkx)
        .subtract(feesOkx);
    assertEquals(0, equityBybit.compareTo(fixed(bybit.equity().equity(bybit.equity().size() - 1))), "BYBIT equity");
    assertEquals(0, equityOkx.compareTo(fixed(okx.equity().equity(okx.equity().size() - 1))), "OKX equity");
    assertEquals(0, equityBybit.add(equityOkx).compareTo(fixed(result.metrics().finalEquity())), "portfolio equity");
    assertEquals(0, feesBybit.add(feesOkx).compareTo(fixed(result.metrics().feesPaid())));
    assertEquals(4, result.metrics().fills());
    assertTrue(bybit.portfolio().ledger().isFlat(0) && okx.portfolio().ledger().isFlat(0));
  }

  /** The venue's two perp fills: in on {@code entrySide} at {@code entry}, out the other way at {@code exit}. */
  private static void checkFills(BacktestResult venue, BigDecimal q, Side entrySide, BigDecimal entry, BigDecimal exit) {
    List<Fill> fills = venue.journal().fills();
    assertEquals(2, fills.size(), venue.venue() + " fills");
    assertEquals(entrySide, fills.get(0).side());
    assertEquals(0, entry.compareTo(fixed(fills.get(0).price().raw())), venue.venue() + " entry");
    assertEquals(0, exit.compareTo(fixed(fills.get(1).price().raw())), venue.venue() + " exit");
    for (Fill f : fills) {
      assertTrue(f.instrument().toString().endsWith("PERP"), "perp legs only");
      assertEquals(0, q.compareTo(fixed(f.quantity().raw())));
    }
  }
}
