package io.fundarb.engine.multivenue;

import static io.fundarb.engine.testing.TestMarket.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.PerformanceMetrics;
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
 * One day of the {@code split} portfolio on two venues with different prices, funding and fees:
 * four fills, three settlements on each perp, isolated margin on both venues and the portfolio's
 * equity, every figure worked out by hand (BigDecimal) and compared to the unit.
 */
class TwoVenueDayByHandTest {
  private static final long OPEN = at("2023-12-31T16:00:00Z");
  private static final long[] SETTLEMENTS = {at("2024-01-01T08:00:00Z"), at("2024-01-01T16:00:00Z"),
      at("2024-01-02T00:00:00Z")};

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static BigDecimal fixed(long raw) {
    return Fixed.toBigDecimal(raw).stripTrailingZeros();
  }

  private static SimVenueConfig venue(String perpTakerBps) {
    // Taker fees 10 bps spot and perpTakerBps perp; 1 bp half spread, no impact; 100 ms latency.
    return new SimVenueConfig(100, Rate.parse("0.1"), new SlippageModel(1, 0, 1), FeeSchedule.ofBps("10", "10"),
        FeeSchedule.ofBps("2", perpTakerBps), false, 0, 0);
  }

  private static VenueMarket market(String venue, String[] spot, String[] perp, String[] funding, String perpTakerBps) {
    var data = new TestMarket(venue, 8 * Times.HOUR_MS).asset("BTCUSDT", OPEN, spot, perp, SETTLEMENTS, funding, "1000")
        .build();
    return new VenueMarket(data, TestInstruments.universe(venue, "BTCUSDT"), venue(perpTakerBps));
  }

  @Test
  void splitOverTwoVenuesMatchesHandFigures() {
    VenueMarket binance = market("BINANCE", new String[] {"42000", "42100", "41900", "42050"},
        new String[] {"42010", "42120", "41915", "42070"}, new String[] {"0.0001", "0.00015", "-0.00005"}, "5");
    VenueMarket bybit = market("BYBIT", new String[] {"42100", "42200", "41990", "42150"},
        new String[] {"42120", "42230", "42000", "42180"}, new String[] {"0.0002", "0.0001", "0.00005"}, "5.5");
    var config = new BacktestConfig("split", StrategySettings.empty(),
        new Sizing(Fixed.ofUnits(200_000), Rate.parse("0.1"), 1), binance.venue(), PlannerSettings.defaults(), true);
    var settings = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);
    List<VenueMarket> venues = List.of(binance, bybit);
    PortfolioResult result = new MultiVenueBacktester(venues, Opportunities.of(venues, true), config, settings,
        new SplitAllocation(21)).run();

    // 200,000 split evenly: 100,000 on each venue. Split gives each of the two opportunities half
    // the portfolio: 0.5 * 200,000 less the 10 % reserve = 90,000, at 1x half of it per leg:
    // 45,000, all of which each venue's 100,000 can carry, so nothing needs to move.
    assertEquals(0, result.transfers());
    // Binance: 45,000 / 42,000 = 1.0714.. cut to the 0.001 lot -> 1.071 BTC; fills at 00:00:00.100
    // off the last closes: spot 42,000 * 1.0001 = 42,004.2; perp 42,010 * 0.9999 = 42,005.799 -> 42,005.7.
    BigDecimal qA = d("1.071");
    Leg a = legs(result.venues().get(0), qA, d("42004.2"), d("42005.7"), d("0.0005"));
    // Bybit: 45,000 / 42,100 = 1.0688.. -> 1.068 BTC; spot 42,100 * 1.0001 = 42,104.21;
    // perp 42,120 * 0.9999 = 42,115.788 -> 42,115.7; its perp taker fee is 5.5 bps.
    BigDecimal qB = d("1.068");
    Leg b = legs(result.venues().get(1), qB, d("42104.21"), d("42115.7"), d("0.00055"));

    // Funding on each perp at each settlement: -position * mark (the perp's close) * rate.
    BigDecimal fundingA = qA.multiply(d("42120").multiply(d("0.0001")).add(d("41915").multiply(d("0.00015")))
        .add(d("42070").multiply(d("-0.00005")))); // 4.511052 + 6.73364475 - 2.2528485
    BigDecimal fundingB = qB.multiply(d("42230").multiply(d("0.0002")).add(d("42000").multiply(d("0.0001")))
        .add(d("42180").multiply(d("0.00005")))); // 9.020328 + 4.48560 + 2.252412
    assertEquals(0, fundingA.compareTo(fixed(result.fundingByPerp().get("BINANCE:BTCUSDT"))));
    assertEquals(0, fundingB.compareTo(fixed(result.fundingByPerp().get("BYBIT:BTCUSDT"))));

    // Isolated margin on each venue: the perp notional (1x) plus the funding settled into it.
    assertEquals(0, a.perpNotional.add(fundingA).compareTo(fixed(result.venues().get(0).portfolio().ledger().margin(1))));
    assertEquals(0, b.perpNotional.add(fundingB).compareTo(fixed(result.venues().get(1).portfolio().ledger().margin(1))));

    // Each venue's equity at the last closes: its capital + both legs' P&L + funding - fees.
    BigDecimal equityA = d("100000").add(qA.multiply(d("42050").subtract(d("42004.2"))))
        .subtract(qA.multiply(d("42070").subtract(d("42005.7")))).add(fundingA).subtract(a.fees);
    BigDecimal equityB = d("100000").add(qB.multiply(d("42150").subtract(d("42104.21"))))
        .subtract(qB.multiply(d("42180").subtract(d("42115.7")))).add(fundingB).subtract(b.fees);
    PerformanceMetrics m = result.metrics();
    assertEquals(0, equityA.add(equityB).compareTo(fixed(m.finalEquity())), "portfolio equity " + fixed(m.finalEquity()));
    assertEquals(0, fundingA.add(fundingB).compareTo(fixed(m.fundingEarned())));
    assertEquals(0, a.fees.add(b.fees).compareTo(fixed(m.feesPaid())), "fees of the four fills");
    assertEquals(4, m.fills());
    assertEquals(4, m.steps());
  }

  private record Leg(BigDecimal perpNotional, BigDecimal fees) {}

  /** Checks one venue's two fills and its cash; returns the perp notional and both fees. */
  private static Leg legs(BacktestResult venue, BigDecimal qty, BigDecimal spotPrice, BigDecimal perpPrice,
      BigDecimal perpFeeRate) {
    List<Fill> fills = venue.journal().fills();
    assertEquals(2, fills.size(), venue.venue() + " fills");
    Fill spot = fills.get(0).side() == Side.BUY ? fills.get(0) : fills.get(1);
    Fill perp = spot == fills.get(0) ? fills.get(1) : fills.get(0);
    assertEquals(0, spotPrice.compareTo(fixed(spot.price().raw())), venue.venue() + " spot price");
    assertEquals(0, perpPrice.compareTo(fixed(perp.price().raw())), venue.venue() + " perp price");
    assertEquals(0, qty.compareTo(fixed(spot.quantity().raw())));
    assertEquals(0, qty.compareTo(fixed(perp.quantity().raw())));
    BigDecimal spotNotional = qty.multiply(spotPrice);
    BigDecimal perpNotional = qty.multiply(perpPrice);
    BigDecimal spotFee = spotNotional.multiply(d("0.001"));
    BigDecimal perpFee = perpNotional.multiply(perpFeeRate);
    assertEquals(0, spotFee.compareTo(fixed(spot.fee())), venue.venue() + " spot fee");
    assertEquals(0, perpFee.compareTo(fixed(perp.fee())), venue.venue() + " perp fee");
    // Cash: the venue's 100,000 less the spot cost, the perp's initial margin (= notional at 1x) and both fees.
    assertEquals(0, d("100000").subtract(spotNotional).subtract(perpNotional).subtract(spotFee).subtract(perpFee)
        .compareTo(fixed(venue.portfolio().ledger().cash())), venue.venue() + " cash");
    return new Leg(perpNotional, spotFee.add(perpFee));
  }
}
