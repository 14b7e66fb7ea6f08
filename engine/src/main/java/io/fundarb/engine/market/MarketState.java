package io.fundarb.engine.market;

/**
 * The latest market observations per instrument of a {@link io.fundarb.engine.instrument.Universe}
 * index: last bar, top of book when a venue publishes one, explicit mark price when published,
 * and the last settled funding rate. Mutable arrays, updated in place by whoever replays or
 * receives market events, so the hot loop never allocates. Prices are Fixed, rates are Rate.
 */
public final class MarketState {
  private final long[] barTime;
  private final long[] open;
  private final long[] high;
  private final long[] low;
  private final long[] close;
  private final long[] volume;
  private final double[] quoteVolume;
  private final long[] trades;
  private final long[] quoteTime;
  private final long[] bid;
  private final long[] ask;
  private final long[] bidSize;
  private final long[] askSize;
  private final long[] markTime;
  private final long[] mark;
  private final long[] fundingTime;
  private final long[] fundingRate;
  private long sentimentTime = Long.MIN_VALUE;
  private int sentiment = -1;

  public MarketState(int instruments) {
    barTime = filled(instruments, Long.MIN_VALUE);
    open = new long[instruments];
    high = new long[instruments];
    low = new long[instruments];
    close = new long[instruments];
    volume = new long[instruments];
    quoteVolume = new double[instruments];
    trades = new long[instruments];
    quoteTime = filled(instruments, Long.MIN_VALUE);
    bid = new long[instruments];
    ask = new long[instruments];
    bidSize = new long[instruments];
    askSize = new long[instruments];
    markTime = filled(instruments, Long.MIN_VALUE);
    mark = new long[instruments];
    fundingTime = filled(instruments, Long.MIN_VALUE);
    fundingRate = new long[instruments];
  }

  private static long[] filled(int n, long value) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  /** A closed bar: prices and base volume (Fixed), quote volume (a feature statistic) and trade count (-1 unknown). */
  public void onBar(int i, long time, long o, long h, long l, long c, long v, double quoteV, long tradeCount) {
    barTime[i] = time;
    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    volume[i] = v;
    quoteVolume[i] = quoteV;
    trades[i] = tradeCount;
  }

  /** A closed bar from a source without quote volume or trade count: quote volume is estimated. */
  public void onBar(int i, long time, long o, long h, long l, long c, long v) {
    onBar(i, time, o, h, l, c, v, io.fundarb.engine.money.Fixed.toDouble(v) * io.fundarb.engine.money.Fixed.toDouble(c), -1);
  }

  public void onQuote(int i, long time, long bidPrice, long bidQty, long askPrice, long askQty) {
    quoteTime[i] = time;
    bid[i] = bidPrice;
    ask[i] = askPrice;
    bidSize[i] = bidQty;
    askSize[i] = askQty;
  }

  public void onMark(int i, long time, long price) {
    markTime[i] = time;
    mark[i] = price;
  }

  public void onFunding(int i, long time, long rate) {
    fundingTime[i] = time;
    fundingRate[i] = rate;
  }

  public void onSentiment(long time, int value) {
    sentimentTime = time;
    sentiment = value;
  }

  public boolean hasPrice(int i) {
    return barTime[i] != Long.MIN_VALUE || quoteTime[i] != Long.MIN_VALUE;
  }

  /** Top of book is used only while it is at least as recent as the last bar. */
  public boolean hasFreshQuote(int i) {
    return quoteTime[i] != Long.MIN_VALUE && quoteTime[i] >= barTime[i];
  }

  /** Last traded price: the fresher of the quote mid and the last bar close. */
  public long lastPrice(int i) {
    if (hasFreshQuote(i)) {
      return (bid[i] + ask[i]) / 2;
    }
    return close[i];
  }

  /** Valuation price: the published mark when it is the freshest observation, else last price. */
  public long markPrice(int i) {
    if (markTime[i] != Long.MIN_VALUE && markTime[i] >= barTime[i] && markTime[i] >= quoteTime[i]) {
      return mark[i];
    }
    return lastPrice(i);
  }

  public long barTime(int i) {
    return barTime[i];
  }

  public long open(int i) {
    return open[i];
  }

  public long high(int i) {
    return high[i];
  }

  public long low(int i) {
    return low[i];
  }

  public long close(int i) {
    return close[i];
  }

  public long volume(int i) {
    return volume[i];
  }

  public double quoteVolume(int i) {
    return quoteVolume[i];
  }

  public long trades(int i) {
    return trades[i];
  }

  public long bid(int i) {
    return bid[i];
  }

  public long ask(int i) {
    return ask[i];
  }

  public long bidSize(int i) {
    return bidSize[i];
  }

  public long askSize(int i) {
    return askSize[i];
  }

  public boolean hasFunding(int i) {
    return fundingTime[i] != Long.MIN_VALUE;
  }

  public long fundingTime(int i) {
    return fundingTime[i];
  }

  public long fundingRate(int i) {
    return fundingRate[i];
  }

  public boolean hasSentiment() {
    return sentiment >= 0;
  }

  public int sentiment() {
    return sentiment;
  }

  public long sentimentTime() {
    return sentimentTime;
  }
}
