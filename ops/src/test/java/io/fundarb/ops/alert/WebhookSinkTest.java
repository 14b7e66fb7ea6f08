package io.fundarb.ops.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fundarb.engine.exec.RetryDelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery to a real webhook receiver on 127.0.0.1 that fails the first attempts. */
class WebhookSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Alert KILL = new Alert(Alert.Kind.KILL_SWITCH, Alert.Severity.CRITICAL, "node",
      "kill switch at step 7: drill", 1_700_000_000_000L);

  private final BlockingQueue<String> received = new ArrayBlockingQueue<>(16);
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer receiver;

  /** A receiver answering {@code failures} times with {@code failStatus}, then 204. */
  private URI receiver(int failures, int failStatus) throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int n = requests.incrementAndGet();
      if (n <= failures) {
        exchange.getResponseHeaders().add("Retry-After", "0");
        exchange.sendResponseHeaders(failStatus, -1);
      } else {
        received.add(body);
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    receiver.start();
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private static void awaitFailure(WebhookSink sink) {
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.failed() > 0);
    assertEquals(1, sink.failed());
  }

  @Test
  void retriesServerErrorsAndThrottlingThenDeliversOnce() throws Exception {
    URI url = receiver(2, 503);
    try (WebhookSink sink = new WebhookSink(url, WebhookSink.Format.GENERIC, "node-1", new RetryDelay(10, 100, 4))) {
      sink.send(KILL, 3);
      JsonNode doc = JSON.readTree(received.poll(30, TimeUnit.SECONDS));
      assertEquals("KILL_SWITCH", doc.get("kind").asText());
      assertEquals("CRITICAL", doc.get("severity").asText());
      assertEquals("node-1", doc.get("node").asText());
      assertEquals(3, doc.get("repeats").asInt());
      assertEquals("2023-11-14T22:13:20Z", doc.get("time").asText());
      assertEquals(3, requests.get(), "two failures, then delivered");
      assertEquals(2, sink.retried());
      assertNull(received.poll(200, TimeUnit.MILLISECONDS), "delivered once");
    }
  }

  @Test
  void aSlackReceiverGetsText() throws Exception {
    URI url = receiver(1, 429);
    try (WebhookSink sink = new WebhookSink(url, WebhookSink.Format.SLACK, "node-1", new RetryDelay(10, 100, 4))) {
      sink.send(KILL, 0);
      JsonNode doc = JSON.readTree(received.poll(30, TimeUnit.SECONDS));
      assertEquals("[CRITICAL] fundarb node-1: KILL_SWITCH node - kill switch at step 7: drill", doc.get("text").asText());
      assertEquals(1, doc.size());
    }
  }

  @Test
  void aClientErrorIsFinalAndCountedAsFailed() throws Exception {
    URI url = receiver(100, 400);
    try (WebhookSink sink = new WebhookSink(url, WebhookSink.Format.GENERIC, "node-1", new RetryDelay(10, 100, 4))) {
      sink.send(KILL, 0);
      awaitFailure(sink);
      assertEquals(1, requests.get(), "not retried");
      assertEquals(0, sink.delivered());
    }
  }

  @Test
  void anUnreachableReceiverIsRetriedThenGivenUp() throws Exception {
    URI url = receiver(0, 200);
    receiver.stop(0); // the port is closed now
    try (WebhookSink sink = new WebhookSink(url, WebhookSink.Format.GENERIC, "node-1", new RetryDelay(10, 100, 3))) {
      sink.send(KILL, 0);
      awaitFailure(sink);
      assertEquals(2, sink.retried(), "three attempts in all");
      assertNotNull(sink.toString());
      assertTrue(!sink.toString().contains("/hook"), "the URL's path (a Slack secret) is never printed");
    }
    receiver = null;
  }
}
