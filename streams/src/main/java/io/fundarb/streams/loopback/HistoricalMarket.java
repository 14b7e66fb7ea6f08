package io.fundarb.streams.loopback;

import io.fundarb.engine.data.AssetSeries;
import io.fundarb.engine.data.Bars;
import io.fundarb.engine.data.FundingSeries;
import io.fundarb.engine.data.MarketData;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Sink;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Real historical bars as the loopback venue's market: at each bar close (in time order, paced
 * by {@code speed}) every asset's spot and perp books move to the bar: the best bid and ask at the
 * close ± a half spread (on the symbol's tick, bid down and ask up), then {@value #LEVELS} levels a
 * side spaced so that the book spans half the bar's range each way (at least a tick apart), each
 * level a share of the bar's volume (on the step); and the matching websocket frames are published:
 * spot and futures book tickers and the perp's mark price with the funding rate in force.
 */
public final class HistoricalMarket {
  /** One frame for the websockets: market ("spot" / "futures"), Binance stream name, text. */
  public record Published(String market, String stream, String text) {}

  /** Price levels a side of every replayed book. */
  static final int LEVELS = 10;

  private final MarketData data;
  private final long halfSpread;
  private final long depthShare;
  private volatile Source<Published, NotUsed> hub = Source.empty();
  private volatile long replayedUpTo = Long.MIN_VALUE;
  private volatile boolean ended;

  /**
   * @param halfSpread half the quoted spread around the close (Rate)
   * @param depthShare quoted size on each side as a share of the bar's volume (Rate)
   */
  public HistoricalMarket(MarketData data, long halfSpread, long depthShare) {
    this.data = data;
    this.halfSpread = halfSpread;
    this.depthShare = depthShare;
  }

  /**
   * Starts the replay once for every client: quotes move on {@code venue} and each websocket
   * connection (through {@link #feed}) sees its market's subscribed streams from the moment it
   * connects; a client too slow for the feed loses its oldest frames, not the others' pace.
   * Completes when the data ends.
   */
  public CompletionStage<Done> start(LoopbackVenue venue, double speed, ClassicActorSystemProvider system) {
    return start(venue, speed, CompletableFuture.completedFuture(null), system);
  }

  /**
   * As above, but the first bar waits for {@code go}: clients can connect (and receive nothing)
   * before the market opens, so that a node started beside the venue misses no bar.
   */
  public CompletionStage<Done> start(LoopbackVenue venue, double speed, CompletionStage<?> go,
      ClassicActorSystemProvider system) {
    venue.history(new ReplayedHistory(data, () -> replayedUpTo, () -> ended));
    // a stage completed with null would be an empty source: the signal carries Done
    Source<Published, NotUsed> frames = Source.completionStage(go.thenApply(any -> Done.getInstance()))
        .flatMapConcat(ready -> replay(venue, speed))
        .runWith(BroadcastHub.of(Published.class, 256), system);
    hub = frames;
    return frames.runWith(Sink.ignore(), system).thenApply(done -> {
      ended = true;
      return done;
    });
  }

  /** What a websocket connection receives: the running replay's frames for its market and streams. */
  public LoopbackMarketServer.Feed feed() {
    // the connection stays open once the replay has ended, as a live venue's does between trades:
    // closing it sent every client into a reconnect storm (the end is told over REST: ReplayedHistory.replay)
    return (market, streams) -> hub.filter(p -> p.market().equals(market) && streams.contains(p.stream()))
        .map(Published::text)
        .buffer(1_024, OverflowStrategy.dropHead())
        .concat(Source.never());
  }

  /** Bar closes from the start, one step per bar, at {@code speed} times real time (0 = no pacing). */
  private Source<Published, NotUsed> replay(LoopbackVenue venue, double speed) {
    TreeSet<Long> closes = new TreeSet<>();
    for (AssetSeries a : data.assets()) {
      for (int r = 0; r < a.perp().size(); r++) {
        closes.add(a.perp().closeTime(r));
      }
    }
    Source<Long, NotUsed> steps = Source.from(new ArrayList<>(closes));
    if (speed > 0) {
      long stepMs = data.assets().get(0).perp().intervalMs();
      steps = steps.throttle(1, Duration.ofMillis(Math.max(1, (long) (stepMs / speed))));
    }
    int[][] rows = new int[data.assets().size()][2];
    return steps.mapConcat(time -> step(venue, time, rows));
  }

  /**
   * The frames of the bars closing at {@code time}. Their event times lie within the bar (the close
   * trade, book tickers and mark at its last millisecond), as a live venue's would: a node assembling
   * steps from them closes the bar's own step at once and stamps it with the bar's close, as the
   * backtester's tape does (stamped at the close itself, they fell into the next step). The
   * perp's mark price, which announces the funding that settles at the bar's close, comes before the
   * bar's trades: a live venue announces it all through the interval, so a node knows the rate before
   * the step closes (after the trades, the step closed first and its settlement slid into the next).
   */
  private List<Published> step(LoopbackVenue venue, long time, int[][] rows) {
    long event = time - 1;
    replayedUpTo = time; // its bars are history from now on (REST klines)
    List<Published> out = new ArrayList<>();
    for (int a = 0; a < data.assets().size(); a++) {
      AssetSeries series = data.assets().get(a);
      String symbol = series.asset().symbol();
      String lower = symbol.toLowerCase(Locale.ROOT);
      int spot = advance(series.spot(), rows[a], 0, time);
      int perp = advance(series.perp(), rows[a], 1, time);
      if (spot >= 0) {
        long[] q = book(venue, "spot", symbol, series.spot(), spot);
        out.add(new Published("spot", lower + "@bookTicker", envelope(lower + "@bookTicker",
            "{\"u\":" + time + ",\"s\":\"" + symbol + "\"" + sides(q) + "}")));
        out.addAll(trades("spot", lower, symbol, series.spot(), spot));
      }
      if (perp >= 0) {
        int settles = Arrays.binarySearch(series.funding().time(), time);
        if (settles >= 0) { // on the position held through the bar, before the node hears of its close
          venue.settleFunding(symbol, time, series.funding().rate()[settles], series.perp().close()[perp]);
        }
        long[] funding = funding(series.funding(), event);
        venue.funding(symbol, funding[0], funding[1]);
        long[] q = book(venue, "futures", symbol, series.perp(), perp);
        out.add(new Published("futures", lower + "@bookTicker", envelope(lower + "@bookTicker",
            "{\"e\":\"bookTicker\",\"u\":" + time + ",\"E\":" + event + ",\"T\":" + event + ",\"s\":\"" + symbol + "\""
                + sides(q) + "}")));
        String close = Fixed.toString(series.perp().close()[perp]);
        String index = spot >= 0 ? Fixed.toString(series.spot().close()[spot]) : close;
        out.add(new Published("futures", lower + "@markPrice", envelope(lower + "@markPrice",
            "{\"e\":\"markPriceUpdate\",\"E\":" + event + ",\"s\":\"" + symbol + "\",\"p\":\"" + close + "\",\"i\":\""
                + index + "\",\"P\":\"" + close + "\",\"r\":\"" + Rate.toString(funding[0]) + "\",\"T\":" + funding[1]
                + "}")));
        out.addAll(trades("futures", lower, symbol, series.perp(), perp));
      }
    }
    return out;
  }

  /** The row of {@code bars} closing at {@code time}, or -1; {@code cursor[k]} remembers the position. */
  private static int advance(Bars bars, int[] cursor, int k, long time) {
    while (cursor[k] < bars.size() && bars.closeTime(cursor[k]) < time) {
      cursor[k]++;
    }
    return cursor[k] < bars.size() && bars.closeTime(cursor[k]) == time ? cursor[k] : -1;
  }

  /**
   * The bar as four aggregate trades (open, high, low, close) sharing its volume, so that a node
   * building bars from trades gets the recorded bar back exactly. They are spread over the bar (the
   * open at its first millisecond, the close at its last), as a venue's trades are: a node closes the
   * step on the last leg's close trade, not on the first trade stamped with the bar's last millisecond.
   */
  private static List<Published> trades(String market, String lower, String symbol, Bars bars, int row) {
    long[] prices = {bars.open()[row], bars.high()[row], bars.low()[row], bars.close()[row]};
    long start = bars.openTime()[row];
    long[] times = {start, start + bars.intervalMs() / 3, start + 2 * bars.intervalMs() / 3, bars.closeTime(row) - 1};
    long id = 4 * (bars.closeTime(row) - 1); // grows bar by bar
    long volume = bars.volume()[row];
    long share = volume / 4;
    List<Published> out = new ArrayList<>(4);
    for (int k = 0; k < 4; k++) {
      long quantity = k < 3 ? share : volume - 3 * share;
      if (quantity <= 0) {
        continue;
      }
      out.add(new Published(market, lower + "@aggTrade", envelope(lower + "@aggTrade", "{\"e\":\"aggTrade\",\"E\":"
          + times[k] + ",\"s\":\"" + symbol + "\",\"a\":" + (id + k) + ",\"p\":\"" + Fixed.toString(prices[k])
          + "\",\"q\":\"" + Fixed.toString(quantity) + "\",\"T\":" + times[k] + "}")));
    }
    return out;
  }

  /** Puts the bar's book on {@code venue}'s market; returns its top, {bid, bid size, ask, ask size}. */
  private long[] book(LoopbackVenue venue, String market, String symbol, Bars bars, int row) {
    SymbolRules rules = venue.rules(market, symbol);
    long close = bars.close()[row];
    long offset = Rate.apply(close, halfSpread, RoundingMode.HALF_EVEN);
    long bid = rules.bidOnTick(close - offset);
    long ask = Math.max(rules.askOnTick(close + offset), bid + rules.tickSize());
    long size = rules.sizeOnStep(Rate.apply(bars.volume()[row], depthShare, RoundingMode.DOWN));
    long spacing = Math.max(rules.tickSize(), Fixed.ceilToStep((bars.high()[row] - bars.low()[row]) / (2 * LEVELS),
        rules.tickSize()));
    List<Book.Level> bids = new ArrayList<>(LEVELS);
    List<Book.Level> asks = new ArrayList<>(LEVELS);
    for (int k = 0; k < LEVELS && bid - k * spacing > 0; k++) {
      bids.add(new Book.Level(bid - k * spacing, size));
    }
    for (int k = 0; k < LEVELS; k++) {
      asks.add(new Book.Level(ask + k * spacing, size));
    }
    venue.depth(market, symbol, bids, asks);
    return new long[] {bid, size, ask, size};
  }

  /**
   * {rate, time} of the next settlement after {@code time}, as Binance's mark price stream
   * announces it (the recorded rate stands in for the venue's running estimate); past the data,
   * the last rate one interval on.
   */
  private static long[] funding(FundingSeries f, long time) {
    int k = Arrays.binarySearch(f.time(), time);
    int next = k >= 0 ? k + 1 : -k - 1; // the first settlement after time
    if (next < f.size()) {
      return new long[] {f.rate()[next], f.time()[next]};
    }
    return new long[] {f.size() == 0 ? 0 : f.rate()[f.size() - 1], time + f.typicalIntervalMs()};
  }

  private static String sides(long[] q) {
    return ",\"b\":\"" + Fixed.toString(q[0]) + "\",\"B\":\"" + Fixed.toString(q[1]) + "\",\"a\":\""
        + Fixed.toString(q[2]) + "\",\"A\":\"" + Fixed.toString(q[3]) + "\"";
  }

  private static String envelope(String stream, String data) {
    return "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";
  }
}
