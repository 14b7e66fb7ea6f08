package io.fundarb.streams.xchange;

import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.Drops;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.market.MarketUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.BinanceFuturesAuthenticated;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.ExchangeType;
import org.knowm.xchange.binance.dto.marketdata.BinanceKline;
import org.knowm.xchange.binance.dto.marketdata.KlineInterval;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.MarginType;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceAccountService;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import org.knowm.xchange.binance.service.BinanceMarketDataServiceRaw;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.derivative.FuturesContract;
import org.knowm.xchange.instrument.Instrument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fundarb's orders on a Binance-protocol venue through XChange's REST client: market orders on
 * the spot and USDT-M legs, futures margin type and leverage, positions. Every order carries a
 * client order id; a throttled (429/418) request waits at least the venue's Retry-After, a
 * failed or unanswered one (5xx, I/O) is looked up by its client id before being resent with the
 * same id, so a retry never trades twice. A venue rejection (4xx) is final:
 * {@link Rejected}. Keys are held, never logged.
 */
public final class BinanceVenueClient {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceVenueClient.class);
  /** Recent spot orders searched for a client id after an unanswered request. */
  private static final int LOOKUP_DEPTH = 100;
  /** Binance's largest kline page. */
  /** Records per page of a history request (klines, funding rates, income): Binance's usual maximum. */
  private static final int PAGE = 1_000;
  /** How long a futures order's answer waits for the user-data stream to tell its outcome before a look-up. */
  private static final Duration STREAM_WAIT = Duration.ofSeconds(2);

  /** The venue refused the request for good (e.g. -2010 rejected, -2019 margin). */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int code;

    Rejected(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /**
   * What an order executed: base quantity signed (+ bought) and the quote amount it traded for
   * (positive), both Fixed; zero and zero when nothing executed.
   */
  public record Execution(long quantity, long quote) {
    public static final Execution NONE = new Execution(0, 0);
  }

  /** How an order's round trip ended, for latency by outcome. */
  public enum OrderOutcome { EXECUTED, UNFILLED, REJECTED, FAILED }

  /**
   * Hears each order's round trip: wall nanoseconds from sending it to knowing what it executed,
   * retries and the look-up of an unanswered order included (what the node waited for).
   */
  public interface OrderTimer {
    void record(Leg leg, OrderOutcome outcome, long nanos);
  }

  /** A request attempted once ({@code attempt} from 1): throws what the venue answered. */
  private interface Call<T> {
    T run(int attempt) throws IOException;
  }

  private final BinanceExchange spotExchange;
  private final BinanceTradeService spot;
  private final BinanceAccountService spotAccount;
  private final BinanceTradeService futures;
  private final BinanceFuturesAuthenticated futuresRest;
  private final BinanceFundingRest fundingRest;
  private final BinanceExchange futuresExchange;
  private final String apiKey;
  private final BinanceHmacDigest signer;
  private final RetryDelay retry;
  private volatile UserDataStream userData;
  private final LongConsumer sleeper;
  private volatile OrderTimer timer = (leg, outcome, nanos) -> { };

  private BinanceVenueClient(BinanceExchange spotExchange, BinanceExchange futuresExchange,
      ExchangeSpecification futuresSpec, String apiKey, String secret, RetryDelay retry, LongConsumer sleeper) {
    this.spotExchange = spotExchange;
    this.spot = (BinanceTradeService) spotExchange.getTradeService();
    this.spotAccount = (BinanceAccountService) spotExchange.getAccountService();
    this.futures = (BinanceTradeService) futuresExchange.getTradeService();
    this.futuresExchange = futuresExchange;
    this.futuresRest = ExchangeRestProxyBuilder.forInterface(BinanceFuturesAuthenticated.class, futuresSpec).build();
    this.fundingRest = ExchangeRestProxyBuilder.forInterface(BinanceFundingRest.class, futuresSpec).build();
    this.apiKey = apiKey;
    this.signer = BinanceHmacDigest.createInstance(secret);
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /** @param baseUrl the venue's REST base, e.g. {@code http://127.0.0.1:8900} (kept as given) */
  public static BinanceVenueClient connect(String spotBaseUrl, String futuresBaseUrl, String apiKey, String secret,
      RetryDelay retry) {
    return connect(spotBaseUrl, futuresBaseUrl, apiKey, secret, retry, BinanceVenueClient::sleep);
  }

  /** As above; {@code sleeper} waits the given milliseconds before a retry (tests record the waits). */
  public static BinanceVenueClient connect(String spotBaseUrl, String futuresBaseUrl, String apiKey, String secret,
      RetryDelay retry, LongConsumer sleeper) {
    ExchangeSpecification futuresSpec = spec(futuresBaseUrl, apiKey, secret, ExchangeType.FUTURES);
    return new BinanceVenueClient(
        (BinanceExchange) ExchangeFactory.INSTANCE.createExchange(spec(spotBaseUrl, apiKey, secret, ExchangeType.SPOT)),
        (BinanceExchange) ExchangeFactory.INSTANCE.createExchange(futuresSpec), futuresSpec, apiKey, secret, retry, sleeper);
  }

  private static ExchangeSpecification spec(String url, String apiKey, String secret, ExchangeType type) {
    ExchangeSpecification spec = new ExchangeSpecification(PinnedBinanceExchange.class);
    spec.setSslUri(url);
    spec.setApiKey(apiKey);
    spec.setSecretKey(secret);
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(BinanceExchange.EXCHANGE_TYPE, type);
    return spec;
  }

  /** Pre-trade set-up of a perp: isolated (or crossed) margin and the leverage; an unchanged setting is fine. */
  public void prepareFutures(String symbol, int leverage, boolean isolated) {
    try {
      withRetry("margin type " + symbol, attempt -> futuresRest.setMarginType(symbol,
          isolated ? MarginType.ISOLATED : MarginType.CROSSED, null, futuresExchange.getTimestampFactory(), apiKey,
          signer));
    } catch (Rejected e) {
      if (e.code != -4046) { // -4046: already so
        throw e;
      }
    }
    withRetry("leverage " + symbol, attempt -> futuresRest.setLeverage(symbol, leverage, null,
        futuresExchange.getTimestampFactory(), apiKey, signer));
  }

  /**
   * A market order on one leg; returns what it executed.
   *
   * @param quantity signed base quantity (Fixed), + buy
   * @param reduceOnly perp only: the order may only reduce the position
   */
  public Execution marketOrder(Leg leg, String symbol, long quantity, boolean reduceOnly, String clientOrderId) {
    return order(leg, symbol, quantity, 0, reduceOnly, clientOrderId);
  }

  /** A limit IOC order (fills what it can at {@code limitPrice} or better, the rest expires); as above. */
  public Execution limitIocOrder(Leg leg, String symbol, long quantity, long limitPrice, boolean reduceOnly,
      String clientOrderId) {
    return order(leg, symbol, quantity, limitPrice, reduceOnly, clientOrderId);
  }

  /** Reports every later order's round trip to {@code timer} (metrics). */
  public void timeOrders(OrderTimer timer) {
    this.timer = timer;
  }

  private Execution order(Leg leg, String symbol, long quantity, long limitPrice, boolean reduceOnly,
      String clientOrderId) {
    long sent = System.nanoTime();
    OrderOutcome outcome = OrderOutcome.FAILED;
    try {
      Execution execution = send(leg, symbol, quantity, limitPrice, reduceOnly, clientOrderId);
      outcome = execution.quantity() == 0 ? OrderOutcome.UNFILLED : OrderOutcome.EXECUTED;
      return execution;
    } catch (Rejected e) {
      outcome = OrderOutcome.REJECTED;
      throw e;
    } finally {
      timer.record(leg, outcome, System.nanoTime() - sent);
    }
  }

  private Execution send(Leg leg, String symbol, long quantity, long limitPrice, boolean reduceOnly,
      String clientOrderId) {
    Instrument instrument = instrument(leg, symbol);
    OrderSide side = quantity > 0 ? OrderSide.BUY : OrderSide.SELL;
    BigDecimal amount = Fixed.toBigDecimal(Math.abs(quantity));
    OrderType type = limitPrice == 0 ? OrderType.MARKET : OrderType.LIMIT;
    TimeInForce tif = limitPrice == 0 ? null : TimeInForce.IOC;
    BigDecimal price = limitPrice == 0 ? null : Fixed.toBigDecimal(limitPrice);
    return withRetry("order " + clientOrderId, attempt -> {
      if (attempt > 1 && userData != null) { // an earlier attempt's answer was lost: the stream may know its end
        Execution told = userData.ended(leg, clientOrderId, Duration.ZERO);
        if (told != null) {
          return told;
        }
      }
      BinanceOrder existing = attempt == 1 ? null : lookUp(leg, instrument, clientOrderId);
      if (existing != null) {
        return executionOf(quantity, existing); // an earlier attempt landed: never send it twice
      }
      if (leg == Leg.SPOT) {
        BinanceNewOrder placed = spot.newOrder(instrument, side, type, tif, amount, null, price, clientOrderId, null,
            null, null, null);
        long filled = Fixed.of(placed.executedQty, RoundingMode.UNNECESSARY);
        long quote = 0;
        for (BinanceTrade fill : placed.fills == null ? List.<BinanceTrade>of() : placed.fills) {
          quote += Fixed.mul(Fixed.of(fill.price, RoundingMode.UNNECESSARY), Fixed.of(fill.qty,
              RoundingMode.UNNECESSARY), RoundingMode.HALF_EVEN);
        }
        if (filled != 0 && quote == 0) { // an answer without its fills: the order record has the total
          return executionOf(quantity, lookUp(leg, instrument, clientOrderId));
        }
        return execution(quantity, filled, quote);
      }
      futures.newFutureOrder(instrument, side, type, tif, amount, reduceOnly, price, clientOrderId, null, false, null,
          null, null);
      // the answer carries only the id: the user-data stream tells the outcome, else the order is looked up
      Execution told = userData == null ? null : userData.ended(leg, clientOrderId, STREAM_WAIT);
      return told != null ? told : executionOf(quantity, lookUp(leg, instrument, clientOrderId));
    });
  }

  private static Execution executionOf(long requested, BinanceOrder order) {
    long filled = Fixed.of(order.executedQty, RoundingMode.UNNECESSARY);
    if (filled == 0) {
      return Execution.NONE;
    }
    if (order.cumulativeQuoteQty != null && order.cumulativeQuoteQty.signum() > 0) {
      return execution(requested, filled, Fixed.of(order.cumulativeQuoteQty, RoundingMode.HALF_EVEN));
    }
    if (order.averagePrice == null) {
      throw new IllegalStateException("order " + order.clientOrderId + " executed without a price");
    }
    return execution(requested, filled, Fixed.mul(filled, Fixed.of(order.averagePrice, RoundingMode.HALF_EVEN),
        RoundingMode.HALF_EVEN));
  }

  private static Execution execution(long requested, long filled, long quote) {
    return filled == 0 ? Execution.NONE : new Execution(requested > 0 ? filled : -filled, quote);
  }

  /**
   * What the order with {@code clientOrderId} executed on {@code leg} (signed: + bought), looked up
   * by its client id; null when the venue never received it.
   */
  public Execution executed(Leg leg, String symbol, String clientOrderId) {
    Instrument instrument = instrument(leg, symbol);
    BinanceOrder order = withRetry("look-up " + clientOrderId, attempt -> lookUp(leg, instrument, clientOrderId));
    if (order == null) {
      return null;
    }
    long filled = Fixed.of(order.executedQty, RoundingMode.UNNECESSARY);
    return executionOf(order.side == OrderSide.BUY ? filled : -filled, order);
  }

  /**
   * Learns orders' outcomes from {@code stream} from now on (futures answers carry none; a lost answer
   * may have been streamed), looking them up over REST only when it has not told them in time.
   */
  public void listen(UserDataStream stream) {
    this.userData = stream;
  }

  /** The perp position (signed base quantity, Fixed). */
  public long position(String symbol) {
    var positions = withRetry("position " + symbol, attempt -> futures.getFuturesPositionRisk(instrument(
        Leg.PERP, symbol)));
    return positions.isEmpty() ? 0 : Fixed.of(positions.get(0).getPositionAmt(), RoundingMode.UNNECESSARY);
  }

  /** What the venue holds for an asset: the base balance and the perp position. */
  public Reconciliation.Holding holding(String symbol) {
    return new Reconciliation.Holding(spotBalance(AssetId.baseOf(symbol)), position(symbol));
  }

  /** The spot balance of {@code asset} (free, Fixed). */
  public long spotBalance(String asset) {
    var account = withRetry("account", attempt -> spotAccount.account());
    return account.balances.stream().filter(b -> b.getCurrency().getCurrencyCode().equals(asset))
        .map(b -> Fixed.of(b.getAvailable(), RoundingMode.UNNECESSARY)).findFirst().orElse(0L);
  }

  /**
   * The bars of {@code symbol}'s {@code leg} of length {@code stepMs} opening from {@code from} on
   * and closed by {@code to} (their last millisecond at or before it), oldest first, in pages of
   * 1,000: what a reconnect's gap missed. A bar with a non-positive price, high below low or a
   * negative volume is left out, counted in {@code drops}.
   */
  public List<MarketUpdate.Kline> klines(Leg leg, String symbol, long stepMs, long from, long to, Drops drops) {
    KlineInterval interval = java.util.Arrays.stream(KlineInterval.values())
        .filter(i -> i.getMillis() == stepMs).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Binance has no kline interval of " + stepMs + " ms"));
    Leg hedgeLeg = leg == Leg.SPOT ? Leg.SPOT : Leg.PERP;
    BinanceMarketDataServiceRaw service = (BinanceMarketDataServiceRaw) (leg == Leg.SPOT ? spotExchange
        : futuresExchange).getMarketDataService();
    List<MarketUpdate.Kline> out = new java.util.ArrayList<>();
    for (BinanceKline k : paged(from, to, start -> withRetry("klines " + symbol + " " + leg, attempt -> service.klines(
        instrument(hedgeLeg, symbol), interval, PAGE, start, to)), k -> k.getOpenTime() + stepMs)) {
      if (k.getCloseTime() > to) {
        continue; // still open at the gap's end
      }
      MarketUpdate.Kline kline = new MarketUpdate.Kline(symbol, leg, k.getOpenTime(), k.getCloseTime(),
          Fixed.of(k.getOpen(), RoundingMode.HALF_EVEN), Fixed.of(k.getHigh(), RoundingMode.HALF_EVEN),
          Fixed.of(k.getLow(), RoundingMode.HALF_EVEN), Fixed.of(k.getClose(), RoundingMode.HALF_EVEN),
          Fixed.of(k.getVolume(), RoundingMode.HALF_EVEN));
      if (kline.low() <= 0 || kline.high() < kline.low() || kline.volume() < 0) {
        drops.drop(DropReason.NON_POSITIVE_PRICE, "kline " + symbol + " " + leg + " at " + k.getOpenTime() + ": " + k);
      } else {
        out.add(kline);
      }
    }
    return out;
  }

  /**
   * What a reconnect's gap on {@code leg} may have hidden, oldest first: the leg's bars
   * ({@link #klines}) and, for the perp, the funding settlements after {@code from} up to {@code to}
   * ({@link #settlements}), whose announcements came on the dropped stream.
   */
  public List<MarketUpdate> missed(Leg leg, String symbol, long stepMs, long from, long to, Drops drops) {
    List<MarketUpdate> out = new java.util.ArrayList<>(klines(leg, symbol, stepMs, from, to, drops));
    if (leg == Leg.PERP) {
      out.addAll(settlements(symbol, from + 1, to, drops));
    }
    return out;
  }

  /**
   * The funding settlements of {@code symbol}'s perp from {@code from} to {@code to} (inclusive),
   * oldest first, in pages of 1,000, as the venue recorded them. One without a rate is left out,
   * counted in {@code drops}.
   */
  public List<MarketUpdate.Settlement> settlements(String symbol, long from, long to, Drops drops) {
    List<MarketUpdate.Settlement> out = new java.util.ArrayList<>();
    for (BinanceFundingRest.Settled s : paged(from, to, start -> withRetry("funding history " + symbol,
        attempt -> fundingRest.fundingRate(symbol, start, to, PAGE)), s -> s.fundingTime() + 1)) {
      if (s.fundingRate() == null) {
        drops.drop(DropReason.MALFORMED, "funding history " + symbol + " at " + s.fundingTime() + " has no rate");
      } else {
        out.add(new MarketUpdate.Settlement(symbol, s.fundingTime(), Rate.of(s.fundingRate())));
      }
    }
    return out;
  }

  /**
   * The funding the venue paid (positive) or charged on {@code symbol}'s perp at settlements from
   * {@code from} to {@code to} (inclusive, epoch ms), summed (Fixed USDT): its FUNDING_FEE income, in
   * pages of 1,000.
   */
  public long fundingIncome(String symbol, long from, long to) {
    long total = 0;
    for (BinanceFundingRest.Income i : paged(from, to, start -> withRetry("funding income " + symbol,
        attempt -> fundingRest.income(symbol, "FUNDING_FEE", start, to, PAGE, null,
            futuresExchange.getTimestampFactory(), apiKey, signer)), i -> i.time() + 1)) {
      total = Math.addExact(total, Fixed.of(i.income(), RoundingMode.UNNECESSARY));
    }
    return total;
  }

  /**
   * Every record of a time-ranged history from {@code from} to {@code to}, oldest first: pages of at
   * most {@link #PAGE} fetched by {@code page} (given a page's start), the next starting at
   * {@code next} of the last record, until a page comes back short.
   */
  private static <T> List<T> paged(long from, long to, java.util.function.LongFunction<List<T>> page,
      java.util.function.ToLongFunction<T> next) {
    List<T> all = new java.util.ArrayList<>();
    for (long start = from; start <= to; ) {
      List<T> got = page.apply(start);
      all.addAll(got);
      if (got.size() < PAGE) {
        break;
      }
      start = next.applyAsLong(got.get(got.size() - 1));
    }
    return all;
  }

  /** The order with this client id, or null if the venue never saw it. */
  private BinanceOrder lookUp(Leg leg, Instrument instrument, String clientOrderId) throws IOException {
    if (leg == Leg.SPOT) { // XChange's spot order query needs the venue's order id: search recent orders
      return spot.allOrders((CurrencyPair) instrument, null, LOOKUP_DEPTH).stream()
          .filter(o -> clientOrderId.equals(o.clientOrderId)).findFirst().orElse(null);
    }
    try {
      return futures.orderStatusAllProducts(instrument, null, clientOrderId);
    } catch (BinanceException e) {
      if (e.getCode() == -2013) { // no such order: it never reached the venue
        return null;
      }
      throw e;
    }
  }

  private <T> T withRetry(String what, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      long waitMs;
      try {
        return call.run(attempt);
      } catch (BinanceException e) {
        int status = e.getHttpStatusCode();
        if (status != 429 && status != 418 && status < 500) {
          throw new Rejected(e.getCode(), what + ": " + e.getMessage());
        }
        waitMs = retry.delayMs(attempt, retryAfterMs(e.getResponseHeaders()));
        LOG.warn("{}: venue answered {} ({}); retry {} in {} ms", what, status, e.getCode(), attempt, waitMs);
      } catch (IOException | RuntimeException e) {
        waitMs = retry.delayMs(attempt, 0);
        LOG.warn("{}: {}; retry {} in {} ms", what, e.toString(), attempt, waitMs);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new IllegalStateException(what + ": no answer after " + attempt + " attempts");
      }
      sleeper.accept(waitMs);
    }
  }

  private static long retryAfterMs(Map<String, List<String>> headers) {
    if (headers == null) {
      return 0;
    }
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if ("Retry-After".equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty()) {
        try {
          return Long.parseLong(h.getValue().get(0).trim()) * 1_000;
        } catch (NumberFormatException ignored) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  private static Instrument instrument(Leg leg, String symbol) {
    String base = AssetId.baseOf(symbol);
    return leg == Leg.SPOT ? new CurrencyPair(base, "USDT") : new FuturesContract(base + "/USDT/PERP");
  }
}
