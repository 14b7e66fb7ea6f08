package io.fundarb.engine.sim;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.data.SentimentSeries;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import java.util.Arrays;

/**
 * Every market event of a {@link MarketData}, merged on one clock in columns: event time, kind,
 * universe instrument and row in its series. An event's time is when it becomes known: a bar at
 * its close, funding at settlement, a daily sentiment value when its day has ended. Ties are
 * broken bars first (spot before perp), then funding, then sentiment, so a settlement is valued
 * at the close that ends at the same instant.
 */
public final class MarketTape {
  public static final byte BAR = 0;
  public static final byte FUNDING = 1;
  public static final byte SENTIMENT = 2;
  public static final short NO_INSTRUMENT = -1;

  private final long[] time;
  private final byte[] kind;
  private final short[] instrument;
  private final int[] row;
  private final Bars[] bars;
  private final FundingSeries[] funding;
  private final SentimentSeries sentiment;
  private final int groups;

  private MarketTape(long[] time, byte[] kind, short[] instrument, int[] row, Bars[] bars,
      FundingSeries[] funding, SentimentSeries sentiment) {
    this.time = time;
    this.kind = kind;
    this.instrument = instrument;
    this.row = row;
    this.bars = bars;
    this.funding = funding;
    this.sentiment = sentiment;
    int g = 0;
    for (int j = 0; j < time.length; j++) {
      if (j == 0 || time[j] != time[j - 1]) {
        g++;
      }
    }
    this.groups = g;
  }

  /** Builds the tape; asset {@code a} of {@code data} must be asset {@code a} of the universe. */
  public static MarketTape build(MarketData data, Universe universe) {
    int assets = data.assets().size();
    if (assets != universe.assetCount()) {
      throw new IllegalArgumentException("data has " + assets + " assets, universe " + universe.assetCount());
    }
    Bars[] bars = new Bars[universe.instrumentCount()];
    FundingSeries[] funding = new FundingSeries[universe.instrumentCount()];
    int n = data.sentiment() == null ? 0 : data.sentiment().size();
    for (int a = 0; a < assets; a++) {
      AssetSeries s = data.assets().get(a);
      if (!s.asset().equals(universe.pair(a).asset())) {
        throw new IllegalArgumentException("asset " + a + " is " + s.asset() + " in data but "
            + universe.pair(a).asset() + " in the universe");
      }
      bars[Universe.spotIndex(a)] = s.spot();
      bars[Universe.perpIndex(a)] = s.perp();
      funding[Universe.perpIndex(a)] = s.funding();
      n += s.spot().size() + s.perp().size() + s.funding().size();
    }
    long[] time = new long[n];
    byte[] kind = new byte[n];
    short[] instrument = new short[n];
    int[] row = new int[n];
    int k = 0;
    for (int i = 0; i < bars.length; i++) {
      for (int r = 0; r < bars[i].size(); r++, k++) {
        time[k] = bars[i].closeTime(r);
        kind[k] = BAR;
        instrument[k] = (short) i;
        row[k] = r;
      }
      if (funding[i] != null) {
        for (int r = 0; r < funding[i].size(); r++, k++) {
          time[k] = funding[i].time()[r];
          kind[k] = FUNDING;
          instrument[k] = (short) i;
          row[k] = r;
        }
      }
    }
    for (int r = 0; data.sentiment() != null && r < data.sentiment().size(); r++, k++) {
      time[k] = data.sentiment().knownAt(r);
      kind[k] = SENTIMENT;
      instrument[k] = NO_INSTRUMENT;
      row[k] = r;
    }
    Integer[] order = new Integer[n];
    for (int j = 0; j < n; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (x, y) -> {
      int c = Long.compare(time[x], time[y]);
      if (c == 0) {
        c = Byte.compare(kind[x], kind[y]);
      }
      return c != 0 ? c : Short.compare(instrument[x], instrument[y]);
    });
    long[] t2 = new long[n];
    byte[] k2 = new byte[n];
    short[] i2 = new short[n];
    int[] r2 = new int[n];
    for (int j = 0; j < n; j++) {
      int o = order[j];
      t2[j] = time[o];
      k2[j] = kind[o];
      i2[j] = instrument[o];
      r2[j] = row[o];
    }
    return new MarketTape(t2, k2, i2, r2, bars, funding, data.sentiment());
  }

  /**
   * The tape repeated {@code copies} times end to end, each copy shifted in time by the span of
   * the original plus {@code gapMs}; rows keep pointing at the same series. Used to replay real
   * data at benchmark scale.
   */
  public MarketTape replicate(int copies, long gapMs) {
    if (copies < 1 || size() == 0) {
      throw new IllegalArgumentException("need at least one copy of a non-empty tape");
    }
    int n = size();
    long total = (long) n * copies;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("replicated tape too large: " + total + " events");
    }
    long shift = time[n - 1] - time[0] + gapMs;
    long[] t = new long[(int) total];
    byte[] k = new byte[(int) total];
    short[] i = new short[(int) total];
    int[] r = new int[(int) total];
    for (int c = 0; c < copies; c++) {
      int base = c * n;
      long offset = c * shift;
      for (int j = 0; j < n; j++) {
        t[base + j] = time[j] + offset;
      }
      System.arraycopy(kind, 0, k, base, n);
      System.arraycopy(instrument, 0, i, base, n);
      System.arraycopy(row, 0, r, base, n);
    }
    return new MarketTape(t, k, i, r, bars, funding, sentiment);
  }

  public int size() {
    return time.length;
  }

  /** Number of distinct event times (clock steps). */
  public int groups() {
    return groups;
  }

  public long time(int j) {
    return time[j];
  }

  public byte kind(int j) {
    return kind[j];
  }

  public int instrument(int j) {
    return instrument[j];
  }

  public int row(int j) {
    return row[j];
  }

  public Bars bars(int instrumentIndex) {
    return bars[instrumentIndex];
  }

  public FundingSeries funding(int instrumentIndex) {
    return funding[instrumentIndex];
  }

  public SentimentSeries sentiment() {
    return sentiment;
  }

  /** Applies event {@code j} to {@code market}; returns its kind. */
  public byte applyTo(int j, MarketState market) {
    int i = instrument[j];
    int r = row[j];
    long t = time[j];
    switch (kind[j]) {
      case BAR -> {
        Bars b = bars[i];
        market.onBar(i, t, b.open()[r], b.high()[r], b.low()[r], b.close()[r], b.volume()[r], b.quoteVolume()[r], b.trades()[r]);
      }
      case FUNDING -> market.onFunding(i, t, funding[i].rate()[r]);
      default -> market.onSentiment(t, sentiment.value()[r]);
    }
    return kind[j];
  }

  /** Index of the first event at or after {@code t}. */
  public int indexAtOrAfter(long t) {
    int lo = 0;
    int hi = time.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
