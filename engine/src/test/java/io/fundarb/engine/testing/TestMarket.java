package io.fundarb.engine.testing;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.SentimentSeries;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.List;

/** Builds small hand-written market data: bars given by close price, funding by rate. */
public final class TestMarket {
  private final String venue;
  private final long intervalMs;
  private final List<AssetSeries> assets = new ArrayList<>();
  private SentimentSeries sentiment;

  public TestMarket(String venue, long intervalMs) {
    this.venue = venue;
    this.intervalMs = intervalMs;
  }

  /**
   * Adds an asset whose bars open at {@code firstOpen + k * interval} with the given closes;
   * each bar opens at the previous close, high/low are 0.1 % around, volume {@code volume}.
   */
  public TestMarket asset(String symbol, long firstOpen, String[] spotCloses, String[] perpCloses,
      long[] fundingTimes, String[] fundingRates, String volume) {
    assets.add(new AssetSeries(new AssetId(venue, symbol), bars(firstOpen, spotCloses, volume),
        bars(firstOpen, perpCloses, volume), funding(fundingTimes, fundingRates)));
    return this;
  }

  public TestMarket asset(AssetSeries series) {
    assets.add(series);
    return this;
  }

  public TestMarket sentiment(long[] days, int[] values) {
    sentiment = new SentimentSeries(days, values);
    return this;
  }

  public MarketData build() {
    return new MarketData(venue, assets, sentiment, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public Bars bars(long firstOpen, String[] closes, String volume) {
    int n = closes.length;
    long[] t = new long[n];
    long[] o = new long[n];
    long[] h = new long[n];
    long[] l = new long[n];
    long[] c = new long[n];
    long[] v = new long[n];
    double[] qv = new double[n];
    long[] trades = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = firstOpen + k * intervalMs;
      c[k] = Fixed.parse(closes[k]);
      o[k] = k == 0 ? c[k] : c[k - 1];
      h[k] = Math.max(o[k], c[k]) + Math.max(o[k], c[k]) / 1000 / 1_000_000 * 1_000_000;
      l[k] = Math.min(o[k], c[k]) - Math.min(o[k], c[k]) / 1000 / 1_000_000 * 1_000_000;
      v[k] = Fixed.parse(volume);
      qv[k] = io.fundarb.engine.money.Fixed.toDouble(v[k]) * io.fundarb.engine.money.Fixed.toDouble(c[k]);
      trades[k] = -1;
    }
    return new Bars(intervalMs, t, o, h, l, c, v, qv, trades);
  }

  public static FundingSeries funding(long[] times, String[] rates) {
    long[] r = new long[rates.length];
    for (int k = 0; k < rates.length; k++) {
      r[k] = Rate.parse(rates[k]);
    }
    return new FundingSeries(times.clone(), r);
  }

  public static long at(String isoInstant) {
    return Times.parse(isoInstant);
  }
}
