package io.fundarb.ops.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.engine.exec.RetryDelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to a webhook as JSON, either fundarb's generic document or a Slack-compatible
 * {@code {"text": ...}} payload. Delivery is asynchronous and retried on connection errors, 429
 * (honouring Retry-After) and 5xx with exponential backoff; any other answer is final. The URL is
 * a secret (a Slack webhook URL is a credential): only its host is ever logged.
 */
public final class WebhookSink implements AutoCloseable {
  public enum Format { GENERIC, SLACK }

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final Format format;
  private final String node;
  private final RetryDelay retry;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fundarb-alert-webhook");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public WebhookSink(URI url, Format format, String node, RetryDelay retry) {
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("alerts.webhook-url must be an http(s) URL");
    }
    this.url = url;
    this.format = format;
    this.node = node;
    this.retry = retry;
  }

  /** Queues the alert for delivery; returns at once. */
  public void send(Alert alert, long repeats) {
    String body = payload(alert, repeats);
    scheduler.execute(() -> attempt(alert, body, 1));
  }

  String payload(Alert alert, long repeats) {
    String again = repeats > 0 ? " (repeated " + repeats + " times since the last alert)" : "";
    if (format == Format.SLACK) {
      return JSON.createObjectNode().put("text", "[" + alert.severity() + "] fundarb " + node + ": " + alert.kind()
          + " " + alert.subject() + " - " + alert.summary() + again).toString();
    }
    ObjectNode doc = JSON.createObjectNode().put("source", "fundarb").put("node", node)
        .put("kind", alert.kind().name()).put("severity", alert.severity().name()).put("subject", alert.subject())
        .put("summary", alert.summary()).put("time", Instant.ofEpochMilli(alert.timeMs()).toString())
        .put("repeats", repeats);
    return doc.toString();
  }

  private void attempt(Alert alert, String body, int attempt) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      int status = response == null ? 0 : response.statusCode();
      if (status >= 200 && status < 300) {
        delivered.incrementAndGet();
        return;
      }
      boolean retryable = error != null || status == 429 || status >= 500;
      String why = error != null ? error.getClass().getSimpleName() : "HTTP " + status;
      if (retryable && attempt < retry.maxAttempts()) {
        retried.incrementAndGet();
        long retryAfterMs = response == null ? 0 : response.headers().firstValueAsLong("Retry-After").orElse(0) * 1000;
        scheduler.schedule(() -> attempt(alert, body, attempt + 1), retry.delayMs(attempt, retryAfterMs),
            TimeUnit.MILLISECONDS);
      } else {
        failed.incrementAndGet();
        LOG.error("alert {} {} not delivered to the webhook at {} after {} attempt(s): {}", alert.kind(),
            alert.subject(), url.getHost(), attempt, why);
      }
    });
  }

  public long delivered() {
    return delivered.get();
  }

  public long retried() {
    return retried.get();
  }

  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebhookSink[" + url.getHost() + ", " + format + "]";
  }
}
