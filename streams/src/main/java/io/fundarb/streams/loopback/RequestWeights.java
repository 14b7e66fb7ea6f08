package io.fundarb.streams.loopback;

/**
 * Binance's request-weight limit per minute, one budget for the spot API ({@code /api}) and one for
 * USDT-M futures ({@code /fapi}), as the exchange keeps them per IP: every request adds its weight
 * to the current minute's count, which the answer carries in {@code X-MBX-USED-WEIGHT-1M}. Past the
 * limit a request is refused with 429 and a {@code Retry-After} to the next minute; a client that
 * keeps sending after being told is banned with 418 for {@link #BAN_SECONDS} (Binance's bans start
 * at two minutes). A limit of 0 turns a budget off.
 */
final class RequestWeights {
  /** Binance's published limits: 6,000 per minute on spot, 2,400 on USDT-M futures. */
  static final int SPOT_LIMIT = 6_000;
  static final int FUTURES_LIMIT = 2_400;
  /** Requests refused with 429 in one minute after which the client is banned. */
  static final int REFUSALS_BEFORE_BAN = 10;
  static final int BAN_SECONDS = 120;

  /** The answer to one request: its weight was counted ({@code used} so far this minute), or it is refused. */
  record Taken(long used, int status, long retryAfterSeconds) {
    boolean refused() {
      return status != 0;
    }
  }

  private final Budget spot;
  private final Budget futures;

  RequestWeights(int spotLimit, int futuresLimit) {
    this.spot = new Budget(spotLimit);
    this.futures = new Budget(futuresLimit);
  }

  /** Counts {@code weight} for a request on {@code futuresApi} (else spot) at {@code nowMs}. */
  Taken take(boolean futuresApi, int weight, long nowMs) {
    return (futuresApi ? futures : spot).take(weight, nowMs);
  }

  /**
   * The weight of a request, after Binance's table for the endpoints this venue serves: exchange
   * info 20 (spot) or 1, klines by limit (1 below 100, 2 to 499, 5 to 1,000, 10 above), depth 5,
   * a ticker without a symbol 4, the 24-hour ticker 2 (80 for every symbol), all orders 20 (spot) or
   * 5, account 20 (spot) or 5, and 1 otherwise.
   */
  static int weightOf(boolean futuresApi, String endpoint, String limit, boolean hasSymbol) {
    return switch (endpoint) {
      case "exchangeInfo" -> futuresApi ? 1 : 20;
      case "klines" -> klinesWeight(limit);
      case "depth" -> depthWeight(futuresApi, limit);
      case "price", "bookTicker", "premiumIndex" -> hasSymbol ? 1 : 4;
      case "24hr" -> hasSymbol ? 2 : 80;
      case "allOrders", "account", "myTrades" -> futuresApi ? 5 : 20;
      case "userTrades", "balance", "positionRisk" -> 5;
      default -> 1;
    };
  }

  /** Spot: 5 up to 100 levels, 25, 50, 250; futures: 2 up to 50, 5, 10, 20 (default 100 / 500 levels). */
  private static int depthWeight(boolean futuresApi, String limit) {
    int n;
    try {
      n = limit == null ? (futuresApi ? 500 : 100) : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      return 1;
    }
    if (futuresApi) {
      return n <= 50 ? 2 : n <= 100 ? 5 : n <= 500 ? 10 : 20;
    }
    return n <= 100 ? 5 : n <= 500 ? 25 : n <= 1_000 ? 50 : 250;
  }

  private static int klinesWeight(String limit) {
    int n;
    try {
      n = limit == null ? 500 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      return 1; // the endpoint refuses it on its own
    }
    return n < 100 ? 1 : n < 500 ? 2 : n <= 1_000 ? 5 : 10;
  }

  /** One API's minute window. */
  private static final class Budget {
    private final int limit;
    private long minute = Long.MIN_VALUE;
    private long used;
    private int refusals;
    private long bannedUntil = Long.MIN_VALUE;

    Budget(int limit) {
      this.limit = limit;
    }

    synchronized Taken take(int weight, long nowMs) {
      long now = nowMs / 60_000;
      if (now != minute) {
        minute = now;
        used = 0;
        refusals = 0;
      }
      if (nowMs < bannedUntil) {
        return new Taken(used, 418, (bannedUntil - nowMs + 999) / 1_000);
      }
      used += weight;
      if (limit <= 0 || used <= limit) {
        return new Taken(used, 0, 0);
      }
      if (++refusals > REFUSALS_BEFORE_BAN) {
        bannedUntil = nowMs + BAN_SECONDS * 1_000L;
        return new Taken(used, 418, BAN_SECONDS);
      }
      return new Taken(used, 429, ((now + 1) * 60_000 - nowMs + 999) / 1_000);
    }
  }
}
