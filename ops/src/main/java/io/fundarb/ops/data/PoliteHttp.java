package io.fundarb.ops.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * GETs with the manners exchanges expect: honours HTTP 429/418 and {@code Retry-After}, slows down
 * when Binance's {@code X-MBX-USED-WEIGHT-1M} header says the minute's budget is nearly used,
 * and retries server errors and broken connections with exponential back-off.
 */
final class PoliteHttp {
  static final int MAX_ATTEMPTS = 6;
  static final int REFUSED_ATTEMPTS = 3;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(15))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();
  private final Sleeper sleeper;
  private final int weightLimitPerMinute;
  private long waitedMs;
  private int pauses;

  PoliteHttp(Sleeper sleeper, int weightLimitPerMinute) {
    this.sleeper = sleeper;
    this.weightLimitPerMinute = weightLimitPerMinute;
  }

  /** The response (status 200 or 404); other statuses are retried, then an IOException. */
  HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
            .header("User-Agent", "fundarb-data-download").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        last = new IOException(uri.getScheme() + "://" + uri.getAuthority() + " unreachable: "
            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        // refused: nothing listens there, a few quick tries are enough; a timeout or a reset may pass
        if (attempt >= (e instanceof java.net.ConnectException ? REFUSED_ATTEMPTS : MAX_ATTEMPTS)) {
          break;
        }
        backOff(attempt);
        continue;
      }
      int status = response.statusCode();
      if (status == 200 || status == 404) {
        respectWeight(response);
        return response;
      }
      if (status == 429 || status == 418) {
        long seconds = retryAfterSeconds(response).orElse(60L);
        pause(seconds * 1000);
        last = new IOException(uri + ": HTTP " + status + " (rate limited)");
      } else if (status >= 500) {
        last = new IOException(uri + ": HTTP " + status);
        if (attempt < MAX_ATTEMPTS) {
          backOff(attempt);
        }
      } else {
        throw new IOException(uri + ": HTTP " + status + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    throw last;
  }

  private void respectWeight(HttpResponse<byte[]> response) throws InterruptedException {
    Optional<String> used = response.headers().firstValue("X-MBX-USED-WEIGHT-1M");
    if (used.isPresent()) {
      try {
        if (Integer.parseInt(used.get().trim()) >= weightLimitPerMinute * 8 / 10) {
          pause(60_000 - System.currentTimeMillis() % 60_000 + 1_000); // into the next minute's budget
        }
      } catch (NumberFormatException ignored) {
        // a malformed header is not a reason to stop downloading
      }
    }
  }

  private static Optional<Long> retryAfterSeconds(HttpResponse<byte[]> response) {
    try {
      return response.headers().firstValue("Retry-After").map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void backOff(int attempt) throws InterruptedException {
    pause(1000L << Math.min(attempt - 1, 5));
  }

  private void pause(long ms) throws InterruptedException {
    pauses++;
    waitedMs += ms;
    sleeper.sleep(ms);
  }

  long waitedMs() {
    return waitedMs;
  }

  /** How many times the client waited (rate limit, back-off or weight budget). */
  int pauses() {
    return pauses;
  }
}
