package io.fundarb.streams.loopback;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Faults the loopback venue injects by configuration, so that clients are tested against what
 * real venues do. REST: every {@code rateLimitEvery}-th signed request answered 429 with
 * {@code Retry-After}; every {@code serverErrorEvery}-th answered 503; a {@code rejectRate} share
 * of new orders on {@code rejectMarket} ("spot", "futures" or "both") rejected — one leg of a
 * hedge failing. Websocket: every {@code dropFrameEvery}-th frame dropped, every
 * {@code malformedFrameEvery}-th cut in half (invalid JSON), every frame delayed by
 * {@code frameDelay}, the connection closed after {@code disconnectAfterFrames} frames. And the
 * worst one for idempotency: every {@code loseOrderResponseEvery}-th new order is executed but
 * answered 503, as if the response were lost. And every {@code corruptMarketDataEvery}-th public
 * market-data answer (klines, funding, tickers, depth) cut in half: a payload no client may take
 * for data. Zero switches a fault off; random choices are seeded.
 */
public record VenueFaults(int rateLimitEvery, int retryAfterSeconds, int serverErrorEvery, double rejectRate,
    String rejectMarket, int dropFrameEvery, int malformedFrameEvery, Duration frameDelay, int disconnectAfterFrames,
    int loseOrderResponseEvery, int corruptMarketDataEvery, long seed) {
  public static final VenueFaults NONE = new VenueFaults(0, 1, 0, 0, "both", 0, 0, Duration.ZERO, 0, 0, 0, 1);

  public VenueFaults {
    if (rateLimitEvery < 0 || serverErrorEvery < 0 || dropFrameEvery < 0 || malformedFrameEvery < 0
        || disconnectAfterFrames < 0 || loseOrderResponseEvery < 0 || corruptMarketDataEvery < 0
        || retryAfterSeconds < 1) {
      throw new IllegalArgumentException("fault counts must be >= 0 and Retry-After >= 1 s");
    }
    if (!(rejectRate >= 0 && rejectRate <= 1)) {
      throw new IllegalArgumentException("reject rate must be in [0, 1], got " + rejectRate);
    }
    if (!rejectMarket.equals("spot") && !rejectMarket.equals("futures") && !rejectMarket.equals("both")) {
      throw new IllegalArgumentException("reject market must be spot, futures or both, got '" + rejectMarket + "'");
    }
  }

  /** Whether any fault is switched on (the seed and the Retry-After of a fault that is off do not count). */
  public boolean any() {
    return rateLimitEvery > 0 || serverErrorEvery > 0 || rejectRate > 0 || dropFrameEvery > 0
        || malformedFrameEvery > 0 || !frameDelay.isZero() || disconnectAfterFrames > 0 || loseOrderResponseEvery > 0
        || corruptMarketDataEvery > 0;
  }

  /** What a venue injected so far, by fault: the far side of a fault-injection test. */
  public static final class Injected {
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong rejectedOrders = new AtomicLong();
    final AtomicLong lostResponses = new AtomicLong();
    final AtomicLong droppedFrames = new AtomicLong();
    final AtomicLong cutFrames = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong corruptPayloads = new AtomicLong();

    public long rateLimited() {
      return rateLimited.get();
    }

    public long serverErrors() {
      return serverErrors.get();
    }

    public long rejectedOrders() {
      return rejectedOrders.get();
    }

    public long lostResponses() {
      return lostResponses.get();
    }

    public long droppedFrames() {
      return droppedFrames.get();
    }

    public long cutFrames() {
      return cutFrames.get();
    }

    public long disconnects() {
      return disconnects.get();
    }

    public long corruptPayloads() {
      return corruptPayloads.get();
    }

    @Override
    public String toString() {
      return "429 x" + rateLimited() + ", 503 x" + serverErrors() + ", orders rejected x" + rejectedOrders()
          + ", order answers lost x" + lostResponses() + ", frames dropped x" + droppedFrames() + ", frames cut x"
          + cutFrames() + ", websockets closed x" + disconnects() + ", market data cut x" + corruptPayloads();
    }
  }

  /** The REST side's state: request counters and the reject draws. One per venue. */
  final class Rest {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong marketData = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(seed);
    private final Injected injected;

    Rest(Injected injected) {
      this.injected = injected;
    }

    /** Called before every signed request; throws the injected error, if it is this request's turn. */
    void beforeSigned() {
      long n = requests.incrementAndGet();
      if (rateLimitEvery > 0 && n % rateLimitEvery == 0) {
        injected.rateLimited.incrementAndGet();
        throw new VenueError(429, -1003, "Too many requests; current limit is exceeded. (injected)", retryAfterSeconds);
      }
      if (serverErrorEvery > 0 && n % serverErrorEvery == 0) {
        injected.serverErrors.incrementAndGet();
        throw new VenueError(503, -1001, "Internal error; unable to process your request. Please try again. (injected)",
            0);
      }
    }

    /** Called for every new order on {@code market}; throws the injected reject, if drawn. */
    synchronized void beforeOrder(String market) {
      if (rejectRate > 0 && (rejectMarket.equals("both") || rejectMarket.equals(market))
          && random.nextDouble() < rejectRate) {
        injected.rejectedOrders.incrementAndGet();
        throw VenueError.badRequest(-2010, "New order rejected. (injected)");
      }
    }

    /** Whether this public market-data answer is the one to cut in half. */
    boolean corruptMarketData() {
      if (corruptMarketDataEvery > 0 && marketData.incrementAndGet() % corruptMarketDataEvery == 0) {
        injected.corruptPayloads.incrementAndGet();
        return true;
      }
      return false;
    }

    /** Called after a new order executed; throws the lost-response fault, if it is this order's turn. */
    void afterOrder() {
      if (loseOrderResponseEvery > 0 && orders.incrementAndGet() % loseOrderResponseEvery == 0) {
        injected.lostResponses.incrementAndGet();
        throw new VenueError(503, -1001, "Internal error; unable to process your request. Please try again. (injected"
            + " after execution)", 0);
      }
    }
  }

  Rest rest(Injected injected) {
    return new Rest(injected);
  }

  /** The websocket faults for one connection's outgoing text frames. */
  Flow<String, String, NotUsed> frames(Injected injected) {
    Flow<String, String, NotUsed> flow = Flow.<String>create().zipWithIndex().map(p -> {
      long n = p.second() + 1;
      String text = p.first();
      if (dropFrameEvery > 0 && n % dropFrameEvery == 0) {
        injected.droppedFrames.incrementAndGet();
        return "";
      }
      if (malformedFrameEvery > 0 && n % malformedFrameEvery == 0) {
        injected.cutFrames.incrementAndGet();
        return text.substring(0, text.length() / 2);
      }
      return text;
    }).filter(text -> !text.isEmpty());
    if (!frameDelay.isZero()) {
      flow = flow.delay(frameDelay, org.apache.pekko.stream.DelayOverflowStrategy.backpressure());
    }
    if (disconnectAfterFrames == 0) {
      return flow;
    }
    return flow.zipWithIndex().map(p -> {
      if (p.second() + 1 == disconnectAfterFrames) {
        injected.disconnects.incrementAndGet();
      }
      return p.first();
    }).take(disconnectAfterFrames);
  }
}
