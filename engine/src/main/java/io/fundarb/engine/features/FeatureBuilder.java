package io.fundarb.engine.features;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;

/**
 * Turns one asset's market events into one row of {@link Feature}s per clock step, causally: a
 * row at time t uses only events stamped at or before t. The same instance type serves the
 * windows command, the RL environment (through {@link FeatureTable}), backtests and live trading
 * (through {@link FeatureTracker}), so a model sees identical features everywhere.
 *
 * <p>Logarithms use {@link StrictMath}: {@code Math.log} may differ by an ulp between interpreted
 * and compiled code, which would make features (and everything trained on them) depend on JIT
 * timing.
 *
 * <p>Warm-up is explicit: {@link #ready()} turns true once 30 days of steps, both legs and one
 * funding settlement have been seen; before that, statistics use what history exists and never
 * produce NaN (a volatility of one return is 0, a missing ratio is 0).
 */
public final class FeatureBuilder implements FeatureHistory {
  /** Binance's funding formula: interest rate per interval and the premium clamp. */
  private static final double INTEREST_PER_INTERVAL = 0.0001;
  private static final double PREMIUM_CLAMP = 0.0005;

  private final int day;
  private final int week;
  private final int month;
  private final int settlementsPerDay;
  private final long fundingIntervalMs;
  private final double annualisation;
  private final int history;

  private final RollingWindow spotReturns;
  private final RollingWindow basis;
  private final RollingWindow basisChanges;
  private final RollingWindow quoteVolume;
  private final RollingWindow tradeCounts;
  private final RollingWindow funding;
  private final RollingWindow sentimentDays = new RollingWindow(8);
  private final float[][] rows;
  private int steps;
  private int readyRows;
  private long lastTime = Long.MIN_VALUE;

  private boolean spotSeen;
  private boolean perpSeen;
  private boolean spotUpdated;
  private double spotClose;
  private double previousSpotClose;
  private double spotHigh;
  private double spotLow;
  private double spotQuoteVolume;
  private long spotTrades = -1;
  private double perpClose;
  private double perpHigh;
  private double perpLow;
  private double perpQuoteVolume;
  private double predictedFunding = Double.NaN;

  /**
   * @param stepMs the bar interval (one row per step)
   * @param fundingIntervalMs the perp's funding interval (8 hours on the supported venues)
   * @param history rows kept for windows (at least the longest window a model reads)
   */
  public FeatureBuilder(long stepMs, long fundingIntervalMs, int history) {
    if (stepMs <= 0 || fundingIntervalMs <= 0 || history < 1) {
      throw new IllegalArgumentException("step, funding interval and history must be positive");
    }
    this.day = stepsIn(Times.DAY_MS, stepMs);
    this.week = 7 * day;
    this.month = 30 * day;
    this.settlementsPerDay = stepsIn(Times.DAY_MS, fundingIntervalMs);
    this.fundingIntervalMs = fundingIntervalMs;
    this.annualisation = Math.sqrt(Times.YEAR_MS / (double) stepMs) * 100;
    this.history = history;
    this.spotReturns = new RollingWindow(month);
    this.basis = new RollingWindow(week);
    this.basisChanges = new RollingWindow(week);
    this.quoteVolume = new RollingWindow(week);
    this.tradeCounts = new RollingWindow(week);
    this.funding = new RollingWindow(7 * settlementsPerDay);
    this.rows = new float[history][Feature.COUNT];
  }

  private static int stepsIn(long span, long step) {
    return (int) Math.max(1, span / step);
  }

  /** Steps needed before {@link #ready()}: 30 days of returns, the longest lookback, plus one. */
  public int warmupSteps() {
    return month + 1;
  }

  public void onSpotBar(long high, long low, long close, double quoteVolumeValue, long trades) {
    previousSpotClose = spotSeen ? spotClose : Double.NaN;
    spotClose = Fixed.toDouble(close);
    spotHigh = Fixed.toDouble(high);
    spotLow = Fixed.toDouble(low);
    spotQuoteVolume = quoteVolumeValue;
    spotTrades = trades;
    spotSeen = true;
    spotUpdated = true;
  }

  public void onPerpBar(long high, long low, long close, double quoteVolumeValue) {
    perpClose = Fixed.toDouble(close);
    perpHigh = Fixed.toDouble(high);
    perpLow = Fixed.toDouble(low);
    perpQuoteVolume = quoteVolumeValue;
    perpSeen = true;
  }

  public void onFunding(long rate) {
    funding.push(Rate.toDouble(rate));
  }

  /** A venue-published prediction of the next settlement (live feeds); replaces the estimate. */
  public void onPredictedFunding(long rate) {
    predictedFunding = Rate.toDouble(rate);
  }

  public void onSentiment(int value) {
    sentimentDays.push(value);
  }

  /** Closes the step at {@code time}: computes its row from everything seen so far. */
  public void endStep(long time) {
    if (time <= lastTime) {
      throw new IllegalArgumentException("steps must move forward: " + time + " after " + lastTime);
    }
    lastTime = time;
    float[] row = rows[steps % history];
    java.util.Arrays.fill(row, 0f);
    if (spotSeen && perpSeen) {
      if (spotUpdated && !Double.isNaN(previousSpotClose)) {
        spotReturns.push(StrictMath.log(spotClose / previousSpotClose)); // a first bar has no return
      }
      spotUpdated = false;
      double b = perpClose / spotClose - 1;
      basisChanges.push(basis.size() == 0 ? 0 : b - basis.get(0, b));
      basis.push(b);
      quoteVolume.push(spotQuoteVolume);
      if (spotTrades >= 0) {
        tradeCounts.push(spotTrades);
      }
      fillMarket(row, b);
    }
    fillFunding(row, time);
    fillSentiment(row);
    steps++;
    readyRows = ready() ? readyRows + 1 : 0;
  }

  private void fillMarket(float[] row, double b) {
    set(row, Feature.BASIS_BPS, b * 1e4);
    double basisStd = basis.std(week);
    set(row, Feature.BASIS_Z_7D, basisStd > 0 ? (b - basis.mean(week)) / basisStd : 0);
    set(row, Feature.BASIS_VOL_1D_BPS, basisChanges.std(day) * 1e4);
    set(row, Feature.BASIS_VOL_7D_BPS, basisChanges.std(week) * 1e4);
    set(row, Feature.SPOT_RETURN_PCT, spotReturns.get(0, 0) * 100);
    set(row, Feature.SPOT_RETURN_7D_PCT, spotReturns.sum(week) * 100);
    double volDay = spotReturns.std(day) * annualisation;
    double volMonth = spotReturns.std(month) * annualisation;
    set(row, Feature.SPOT_VOL_1D, volDay);
    set(row, Feature.SPOT_VOL_7D, spotReturns.std(week) * annualisation);
    set(row, Feature.SPOT_VOL_30D, volMonth);
    set(row, Feature.VOL_REGIME, volDay > 0 && volMonth > 0 ? StrictMath.log(volDay / volMonth) : 0);
    set(row, Feature.QUOTE_VOLUME_RATIO, logRatio(spotQuoteVolume, quoteVolume.mean(week)));
    set(row, Feature.PERP_SPOT_VOLUME, logRatio(perpQuoteVolume, spotQuoteVolume));
    set(row, Feature.SPOT_RANGE_PCT, spotClose > 0 ? (spotHigh - spotLow) / spotClose * 100 : 0);
    set(row, Feature.PERP_RANGE_PCT, perpClose > 0 ? (perpHigh - perpLow) / perpClose * 100 : 0);
    set(row, Feature.TRADE_COUNT_RATIO, spotTrades >= 0 ? logRatio(spotTrades, tradeCounts.mean(week)) : 0);
    double premium = basis.mean(Math.max(1, day / settlementsPerDay));
    double estimate = premium + Math.max(-PREMIUM_CLAMP, Math.min(PREMIUM_CLAMP, INTEREST_PER_INTERVAL - premium));
    set(row, Feature.FUNDING_NEXT_BPS, (Double.isNaN(predictedFunding) ? estimate : predictedFunding) * 1e4);
  }

  private void fillFunding(float[] row, long time) {
    double last = funding.get(0, 0);
    double avgDay = funding.mean(settlementsPerDay);
    double avgWeek = funding.mean(7 * settlementsPerDay);
    set(row, Feature.FUNDING_LAST_BPS, last * 1e4);
    set(row, Feature.FUNDING_AVG_1D_BPS, avgDay * 1e4);
    set(row, Feature.FUNDING_AVG_3D_BPS, funding.mean(3 * settlementsPerDay) * 1e4);
    set(row, Feature.FUNDING_AVG_7D_BPS, avgWeek * 1e4);
    set(row, Feature.FUNDING_TREND_BPS, (avgDay - avgWeek) * 1e4);
    long next = Math.floorDiv(time, fundingIntervalMs) * fundingIntervalMs + fundingIntervalMs;
    set(row, Feature.TIME_TO_FUNDING, (next - time) / (double) fundingIntervalMs);
  }

  private void fillSentiment(float[] row) {
    if (sentimentDays.size() == 0) {
      return;
    }
    double now = sentimentDays.get(0, 50);
    set(row, Feature.SENTIMENT, (now - 50) / 50);
    set(row, Feature.SENTIMENT_CHANGE_7D, (now - sentimentDays.get(7, now)) / 50);
    set(row, Feature.SENTIMENT_AVG_7D, (sentimentDays.mean(7) - 50) / 50);
    set(row, Feature.SENTIMENT_EXTREME, now <= 20 || now >= 80 ? 1 : 0);
  }

  private static double logRatio(double a, double b) {
    return a > 0 && b > 0 ? StrictMath.log(a / b) : 0;
  }

  private static void set(float[] row, Feature feature, double value) {
    row[feature.ordinal()] = (float) value;
  }

  /** True once every lookback is filled: rows from here on are comparable across time. */
  @Override
  public boolean ready() {
    return spotReturns.size() >= month && perpSeen && funding.size() > 0;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int readyRows() {
    return readyRows;
  }

  /** The row {@code back} steps ago (0 = the step just closed); valid for back < min(steps, history). */
  @Override
  public float[] row(int back) {
    if (back >= Math.min(steps, history)) {
      throw new IllegalArgumentException("only " + Math.min(steps, history) + " rows are kept");
    }
    return rows[Math.floorMod(steps - 1 - back, history)];
  }
}
