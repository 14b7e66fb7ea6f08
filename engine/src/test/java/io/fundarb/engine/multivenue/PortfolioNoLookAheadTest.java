package io.fundarb.engine.multivenue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.engine.backtest.NoLookAheadPropertyTest;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.testing.RealData;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.time.Times;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An allocation may depend only on the past: scrambling every venue's events after a cut leaves
 * every allocation and every portfolio equity sample up to the cut unchanged, for both baselines.
 * Both runs get the opportunities offered on the real data: which venue pairs' bars line up is a
 * data-quality verdict taken once before any run, not a trading decision.
 */
class PortfolioNoLookAheadTest {
  private static final List<String> VENUES = List.of("BINANCE", "BYBIT", "OKX");
  private static final List<MarketData> DATA = VENUES.stream().map(RealData::load).toList();

  static PortfolioResult run(List<MarketData> data, Supplier<AllocationPolicy> policy) {
    return backtester(data, policy.get()).run();
  }

  static List<VenueMarket> markets(List<MarketData> data) {
    return data.stream()
        .map(d -> new VenueMarket(d, TestInstruments.universe(d.venue(), "BTCUSDT", "ETHUSDT"), RealData.VENUE))
        .toList();
  }

  static MultiVenueBacktester backtester(List<MarketData> data, AllocationPolicy policy) {
    return backtester(markets(data), Opportunities.of(markets(DATA), true), policy);
  }

  static MultiVenueBacktester backtester(List<VenueMarket> markets, Opportunities.Offered offered,
      AllocationPolicy policy) {
    var settings = new PortfolioSettings(new AllocationLimits(0.5, 1, 1),
        new TransferTerms(Fixed.ofUnits(1), 0, Times.HOUR_MS), Fixed.ofUnits(1_000), true, 0.02);
    return new MultiVenueBacktester(markets, offered, RealData.config("portfolio"), settings, policy);
  }

  @Property(tries = 6, seed = "21")
  void scramblingTheFutureNeverChangesPastAllocations(
      @ForAll @IntRange(min = 30, max = 1300) int cutStep, @ForAll long seed, @ForAll boolean rotation) {
    Supplier<AllocationPolicy> policy = rotation
        ? () -> new RotationAllocation(2, 21, 7 * Times.DAY_MS, 0.05, 90 * Times.DAY_MS)
        : () -> new SplitAllocation(21);
    PortfolioResult original = run(DATA, policy);
    long cut = original.equity().time(cutStep);
    Random random = new Random(seed);
    // The scrambled future is cut a few steps after the cut: a portfolio sized on its equity would
    // compound the absurd profits of spot and perp prices drawn from different days into overflow,
    // and no decision up to the cut may depend on whether the future is long or short either.
    long end = cut + 4 * 8 * Times.HOUR_MS;
    PortfolioResult scrambled = run(DATA.stream()
        .map(d -> NoLookAheadPropertyTest.scrambleAfter(d, cut, random).slice(d.from(), end)).toList(), policy);

    for (int k = 0; k <= cutStep; k++) {
      assertEquals(original.equity().equity(k), scrambled.equity().equity(k), "portfolio equity at step " + k);
      for (int o = 0; o < original.allocation().opportunities().size(); o++) {
        assertEquals(original.allocation().weight(k, o), scrambled.allocation().weight(k, o), "weight at step " + k);
      }
    }
  }
}
