package io.fundarb.engine.backtest;

import static io.fundarb.engine.testing.TestMarket.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.account.FundingPayment;
import io.fundarb.engine.account.Ledger;
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
 * One day of carry on BTC through three funding settlements, every figure worked out here by
 * hand (BigDecimal, written as the arithmetic a person would do) and compared to the unit.
 */
class OneDayCarryByHandTest {
  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static BigDecimal fixed(long raw) {
    return Fixed.toBigDecimal(raw).stripTrailingZeros();
  }

  @Test
  void carryThroughThreeSettlementsMatchesHandFigures() {
    // Bars close at 00:00, 08:00, 16:00 and 00:00; funding settles at the last three.
    long open = at("2023-12-31T16:00:00Z");
    var data = new TestMarket("BINANCE", 8 * Times.HOUR_MS)
        .asset("BTCUSDT", open,
            new String[] {"42000", "42100", "41900", "42050"},
            new String[] {"42010", "42120", "41915", "42070"},
            new long[] {at("2024-01-01T08:00:00Z"), at("2024-01-01T16:00:00Z"), at("2024-01-02T00:00:00Z")},
            new String[] {"0.0001", "0.00015", "-0.00005"},
            "1000")
        .build();
    // Taker fees 10 bps spot, 5 bps perp; 1 bp half spread, no impact; 100 ms latency.
    var venue = new SimVenueConfig(100, Rate.parse("0.1"), new SlippageModel(1, 0, 1),
        FeeSchedule.ofBps("10", "10"), FeeSchedule.ofBps("2", "5"), false, 0, 0);
    var config = new BacktestConfig("carry", StrategySettings.empty(),
        new Sizing(Fixed.ofUnits(100_000), Rate.parse("0.1"), 1), venue, PlannerSettings.defaults(), true);
    BacktestResult result = new Backtester(data, TestInstruments.universe("BINANCE", "BTCUSDT"), config).run();

    // Sizing: 100,000 less 10 % reserve = 90,000 for one asset; at 1x the perp margin equals the
    // notional, so each leg gets 90,000 / 2 = 45,000. 45,000 / 42,000 = 1.07142.. BTC, cut to
    // the 0.001 lot both legs share: 1.071 BTC.
    BigDecimal qty = d("1.071");

    // Fills arrive at 00:00:00.100 and are priced off the last closes (42,000 / 42,010):
    // spot buy  42,000 * (1 + 0.0001) = 42,004.2    on the 0.01 tick -> 42,004.20
    // perp sell 42,010 * (1 - 0.0001) = 42,005.799  floored to 0.1    -> 42,005.7
    List<Fill> fills = result.journal().fills();
    assertEquals(2, fills.size());
    Fill spot = fills.get(0).side() == Side.BUY ? fills.get(0) : fills.get(1);
    Fill perp = spot == fills.get(0) ? fills.get(1) : fills.get(0);
    assertEquals(d("42004.2"), fixed(spot.price().raw()));
    assertEquals(d("42005.7"), fixed(perp.price().raw()));
    assertEquals(0, qty.compareTo(fixed(spot.quantity().raw())));
    assertEquals(0, qty.compareTo(fixed(perp.quantity().raw())));

    BigDecimal spotNotional = qty.multiply(d("42004.20")); // 44,986.4982
    BigDecimal perpNotional = qty.multiply(d("42005.7")); // 44,988.1047
    BigDecimal spotFee = spotNotional.multiply(d("0.001")); // 44.9864982
    BigDecimal perpFee = perpNotional.multiply(d("0.0005")); // 22.49405235
    BigDecimal slippage = qty.multiply(d("4.2")).add(qty.multiply(d("4.3"))); // 4.4982 + 4.6053
    assertEquals(0, spotFee.compareTo(fixed(spot.fee())));
    assertEquals(0, perpFee.compareTo(fixed(perp.fee())));

    // Funding at each settlement: -position * mark (the perp close) * rate; short receives.
    BigDecimal f1 = qty.multiply(d("42120")).multiply(d("0.0001")); // +4.511052
    BigDecimal f2 = qty.multiply(d("41915")).multiply(d("0.00015")); // +6.73364475
    BigDecimal f3 = qty.multiply(d("42070")).multiply(d("-0.00005")); // -2.2528485
    List<FundingPayment> funding = result.journal().funding();
    assertEquals(3, funding.size());
    assertEquals(0, f1.compareTo(fixed(funding.get(0).payment())));
    assertEquals(0, f2.compareTo(fixed(funding.get(1).payment())));
    assertEquals(0, f3.compareTo(fixed(funding.get(2).payment())));

    // Final equity: capital + spot P&L + perp P&L + funding - fees, marked at the last closes.
    BigDecimal spotPnl = qty.multiply(d("42050").subtract(d("42004.20"))); // +49.0518
    BigDecimal perpPnl = qty.negate().multiply(d("42070").subtract(d("42005.7"))); // -68.8653
    BigDecimal expected = d("100000").add(spotPnl).add(perpPnl).add(f1).add(f2).add(f3)
        .subtract(spotFee).subtract(perpFee); // 99,921.6977977
    PerformanceMetrics m = result.metrics();
    assertEquals(0, expected.compareTo(fixed(m.finalEquity())), "final equity " + fixed(m.finalEquity()));
    assertEquals(0, f1.add(f2).add(f3).compareTo(fixed(m.fundingEarned())));
    assertEquals(0, spotFee.add(perpFee).compareTo(fixed(m.feesPaid())));
    assertEquals(0, slippage.compareTo(fixed(m.slippagePaid())));

    // Cash: 100,000 - spot notional - spot fee - perp initial margin (= notional at 1x) - perp fee;
    // funding settles into the perp's isolated margin, not cash.
    Ledger books = result.portfolio().ledger();
    assertEquals(0, d("100000").subtract(spotNotional).subtract(spotFee).subtract(perpNotional).subtract(perpFee)
        .compareTo(fixed(books.cash())));
    assertEquals(0, perpNotional.add(f1).add(f2).add(f3).compareTo(fixed(books.margin(1))));
    assertEquals(4, m.steps());
    assertEquals(0, m.roundTrips(), "still hedged: no round trip completed");
  }
}
