package io.fundarb.engine.data;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.time.Times;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads bars, funding rates and sentiment from CSV files (shared layout or Binance public-data
 * layout, zipped or not) and reports their quality: gaps, duplicates, out-of-order rows,
 * skipped bad rows and outliers.
 */
public final class SeriesLoader {
  /** A bar whose close moves more than this log-return from the previous close is flagged. */
  static final double JUMP_LOG_RETURN = 0.20;
  /** Settled funding beyond 0.3 % per interval is rare enough to flag. */
  static final long FUNDING_OUTLIER = Rate.ofBps(30);

  private static final int SAMPLES = 5;
  /** What the reader stores for an optional column the file does not have. */
  static final long ABSENT = -1;

  private static final Column BAR_TIME =
      new Column("open_time", List.of("timestamp", "time", "open_time_ms", "opentime"), 0, ColumnKind.TIME, true);
  private static final List<Column> BAR_VALUES =
      List.of(
          new Column("open", List.of(), 1, ColumnKind.PRICE, true),
          new Column("high", List.of(), 2, ColumnKind.PRICE, true),
          new Column("low", List.of(), 3, ColumnKind.PRICE, true),
          new Column("close", List.of(), 4, ColumnKind.PRICE, true),
          new Column("volume", List.of(), 5, ColumnKind.AMOUNT, true),
          new Column("quote_volume", List.of("quote_asset_volume"), 7, ColumnKind.DOUBLE_AMOUNT, false),
          new Column("count", List.of("trades", "number_of_trades", "trade_count"), 8, ColumnKind.COUNT, false));
  private static final Column FUNDING_TIME =
      new Column("funding_time", List.of("calc_time", "fundingtime", "timestamp", "time"), -1, ColumnKind.TIME, true);
  private static final List<Column> FUNDING_VALUES =
      List.of(new Column("funding_rate", List.of("last_funding_rate", "fundingrate", "rate"), -1, ColumnKind.RATE, true));
  private static final Column SENTIMENT_TIME =
      new Column("timestamp", List.of("time", "date"), 0, ColumnKind.TIME, true);
  private static final List<Column> SENTIMENT_VALUES =
      List.of(new Column("value", List.of("fng_value", "index"), 1, ColumnKind.INDEX_0_100, true));

  private SeriesLoader() {}

  /** A loaded series and what was found in it. */
  public record Loaded<T>(T series, SeriesQuality quality) {}

  /**
   * @param intervalMs bar interval, or 0 to infer it from the most common timestamp step
   */
  public static Loaded<Bars> bars(String series, List<DataFile> files, long intervalMs, boolean lenient) {
    CsvSeriesReader reader = new CsvSeriesReader(BAR_TIME, BAR_VALUES, lenient);
    TimeSeriesTable table = reader.read(files);
    long[] time = table.time();
    long interval = intervalMs > 0 ? intervalMs : commonStep(time);
    long[] volume = table.column(4);
    long[] quoteBits = table.column(5);
    long[] close = table.column(3);
    double[] quoteVolume = new double[quoteBits.length];
    for (int r = 0; r < quoteVolume.length; r++) {
      quoteVolume[r] = quoteBits[r] == ABSENT ? Fixed.toDouble(volume[r]) * Fixed.toDouble(close[r]) : Double.longBitsToDouble(quoteBits[r]);
    }
    Bars bars =
        new Bars(interval, time, table.column(0), table.column(1), table.column(2), close, volume,
            quoteVolume, table.column(6));
    List<String> outliers = barOutliers(bars);
    return new Loaded<>(bars, quality(series, files, table, reader.badRows(), interval, outliers));
  }

  public static Loaded<FundingSeries> funding(String series, List<DataFile> files, boolean lenient) {
    CsvSeriesReader reader = new CsvSeriesReader(FUNDING_TIME, FUNDING_VALUES, lenient);
    TimeSeriesTable table = reader.read(files);
    FundingSeries funding = new FundingSeries(table.time(), table.column(0));
    List<String> outliers = new ArrayList<>();
    for (int r = 0; r < funding.size(); r++) {
      if (Math.abs(funding.rate()[r]) > FUNDING_OUTLIER) {
        outliers.add(Times.format(funding.time()[r]) + " funding " + Rate.toString(funding.rate()[r]) + " beyond 0.3 %");
      }
    }
    long interval = commonStep(funding.time());
    return new Loaded<>(funding, quality(series, files, table, reader.badRows(), interval, outliers));
  }

  public static Loaded<SentimentSeries> sentiment(String series, List<DataFile> files, boolean lenient) {
    CsvSeriesReader reader = new CsvSeriesReader(SENTIMENT_TIME, SENTIMENT_VALUES, lenient);
    TimeSeriesTable table = reader.read(files);
    long[] raw = table.column(0);
    int[] value = new int[raw.length];
    for (int r = 0; r < raw.length; r++) {
      value[r] = (int) raw[r];
    }
    SentimentSeries sentiment = new SentimentSeries(table.time(), value);
    return new Loaded<>(sentiment, quality(series, files, table, reader.badRows(), Times.DAY_MS, List.of()));
  }

  private static List<String> barOutliers(Bars bars) {
    List<String> found = new ArrayList<>();
    for (int r = 0; r < bars.size(); r++) {
      long o = bars.open()[r];
      long h = bars.high()[r];
      long l = bars.low()[r];
      long c = bars.close()[r];
      String when = Times.format(bars.openTime()[r]);
      if (h < l || o > h || o < l || c > h || c < l) {
        found.add(when + " inconsistent OHLC (o " + Fixed.toString(o) + " h " + Fixed.toString(h)
            + " l " + Fixed.toString(l) + " c " + Fixed.toString(c) + ")");
      }
      if (bars.volume()[r] == 0) {
        found.add(when + " zero volume");
      }
      if (r > 0) {
        double jump = StrictMath.log((double) c / bars.close()[r - 1]);
        if (Math.abs(jump) > JUMP_LOG_RETURN) {
          found.add(String.format(java.util.Locale.ROOT, "%s close moved %.1f %% in one bar", when, 100 * StrictMath.expm1(jump)));
        }
      }
    }
    return found;
  }

  private static SeriesQuality quality(
      String series, List<DataFile> files, TimeSeriesTable table, BadRows bad, long interval, List<String> valueOutliers) {
    long[] time = table.time();
    List<String> outliers = new ArrayList<>(valueOutliers);
    long missing = 0;
    List<String> gaps = new ArrayList<>();
    for (int r = 1; r < time.length && interval > 0; r++) {
      long step = time[r] - time[r - 1];
      if (step > interval) {
        long absent = step / interval - 1 + (step % interval == 0 ? 0 : 1);
        missing += absent;
        if (gaps.size() < SAMPLES) {
          gaps.add("after " + Times.format(time[r - 1]) + ": next row " + Times.format(time[r])
              + " (" + absent + " missing)");
        }
      } else if (step < interval) {
        outliers.add(Times.format(time[r]) + " only " + Times.formatInterval(step) + " after the previous row");
      }
    }
    List<String> conflicts = table.conflictSamples();
    List<String> badSamples = new ArrayList<>(bad.samples());
    badSamples.addAll(conflicts);
    String source = files.size() == 1 ? files.get(0).displayName() : files.size() + " files from " + files.get(0).displayName();
    return new SeriesQuality(
        source,
        series,
        time.length,
        time.length == 0 ? 0 : time[0],
        time.length == 0 ? 0 : time[time.length - 1],
        interval,
        missing,
        gaps,
        table.identicalDuplicates(),
        table.conflictingDuplicates(),
        table.outOfOrder(),
        bad.count(),
        badSamples,
        outliers.size(),
        outliers.subList(0, Math.min(SAMPLES, outliers.size())));
  }

  /** The most common step between consecutive timestamps (0 for fewer than two rows). */
  static long commonStep(long[] time) {
    if (time.length < 2) {
      return 0;
    }
    long[] steps = new long[time.length - 1];
    for (int r = 1; r < time.length; r++) {
      steps[r - 1] = time[r] - time[r - 1];
    }
    Arrays.sort(steps);
    long best = steps[0];
    int bestRun = 0;
    for (int i = 0, run = 0; i < steps.length; i++) {
      run = i > 0 && steps[i] == steps[i - 1] ? run + 1 : 1;
      if (run > bestRun) {
        bestRun = run;
        best = steps[i];
      }
    }
    return best;
  }
}
