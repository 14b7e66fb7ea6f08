package io.fundarb.engine.testing;

import io.fundarb.engine.backtest.BacktestConfig;
import io.fundarb.engine.data.DataCatalog;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.MarketDataLoader;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.strategy.StrategySettings;
import io.fundarb.engine.trading.Sizing;
import io.fundarb.engine.venue.FeeSchedule;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.engine.venue.SlippageModel;
import java.util.List;

/** The real 2023-24 data of ../shared/data and the reference account used across tests. */
public final class RealData {
  /** Binance VIP0 fees, 1 bp half spread, square-root impact, 50 ms latency, no borrowing. */
  public static final SimVenueConfig VENUE = new SimVenueConfig(50, Rate.parse("0.1"), new SlippageModel(1, 10, 0.5),
      FeeSchedule.ofBps("10", "10"), FeeSchedule.ofBps("2", "5"), false, 0, 0);
  /** 100,000 USDT, 10 % reserve, 1x perp. */
  public static final Sizing SIZING = new Sizing(Fixed.ofUnits(100_000), Rate.parse("0.1"), 1);

  private RealData() {}

  public static MarketData load(String venue, String... symbols) {
    List<String> list = symbols.length == 0 ? List.of("BTCUSDT", "ETHUSDT") : List.of(symbols);
    return MarketDataLoader.load(DataCatalog.scan(SharedData.dir()),
        new MarketDataLoader.Request(venue, list, 0, Long.MIN_VALUE + 1, Long.MAX_VALUE, false)).data();
  }

  public static BacktestConfig config(String strategy) {
    return new BacktestConfig(strategy, StrategySettings.empty(), SIZING, VENUE, PlannerSettings.defaults(), true);
  }
}
