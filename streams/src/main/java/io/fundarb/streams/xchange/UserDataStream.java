package io.fundarb.streams.xchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundarb.engine.exec.ClientOrderIds;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.money.Fixed;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's own events from a Binance-protocol venue's user-data streams, one per leg (spot
 * {@code executionReport}, futures {@code ORDER_TRADE_UPDATE}): a listen key opened over REST (API
 * key only), kept alive every {@code keepAlive}, a websocket on it. XChange 5.2.4 has user data for
 * spot only, tied to its streaming exchange, so this is a small client of its own for both legs.
 *
 * <p>Each order's progress is kept by client id: its cumulative executed quantity (which a repeated
 * event cannot double) and the quote amount of its trades counted once by trade id. {@link #ended}
 * hands an order's execution to the node once the stream has told its final status, so the node
 * learns a futures child's outcome without querying it, and an order whose REST answer was lost
 * without a look-up; when the stream has not told it in time, the node asks over REST as before
 * (the safety net), and either way it counts each order once.
 *
 * <p>A lost connection or an expired key reconnects with backoff (a fresh key when it lapsed, one
 * log line); every (re)connection calls {@code resync}, since whatever happened meanwhile was not
 * streamed: the node reconciles over REST. An execution of an order that is not fundarb's
 * ({@link ClientOrderIds#fundarbs}) calls {@code outside} at once instead of waiting for the periodic
 * reconciliation.
 */
public final class UserDataStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UserDataStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Orders whose progress is kept; the oldest are forgotten (an IOC child ends within its request). */
  private static final int KEPT = 10_000;

  /**
   * Where and how: REST bases (for the listen keys), websocket bases ending in '/' (the key is
   * appended after {@code ws/}), reconnect backoff, the listen keys' keep-alive period (Binance: a
   * key lapses after 60 minutes without one), and how long the connection may be silent before the
   * client pings: an account that does not trade sends nothing, and the HTTP client drops an idle
   * connection (pekko.http.client.idle-timeout, 60 s).
   */
  public record Settings(String spotRest, String futuresRest, String spotSocket, String futuresSocket,
      Duration minBackoff, Duration maxBackoff, double jitter, Duration keepAlive, Duration ping) {}

  /** One order's progress as streamed. */
  private static final class Progress {
    long executed;
    long tradedQuantity;
    long tradedQuote;
    long averagePrice;
    boolean buy;
    final Set<Long> trades = new HashSet<>();
    final CompletableFuture<Void> end = new CompletableFuture<>();
  }

  private final Settings settings;
  private final String apiKey;
  private final Runnable resync;
  private final Runnable outside;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<Leg, Map<String, Progress>> orders = new EnumMap<>(Leg.class);
  private final Map<Leg, String> keys = new EnumMap<>(Leg.class);
  private final Map<Leg, AtomicLong> connections = new EnumMap<>(Leg.class);
  /** Whether the leg's outage (or its not connecting yet) has been logged: one line per outage. */
  private final Map<Leg, java.util.concurrent.atomic.AtomicBoolean> downLogged = new EnumMap<>(Leg.class);
  private final Map<Leg, String> expired = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closing;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong repeated = new AtomicLong();
  private final AtomicLong streamed = new AtomicLong();
  private final AtomicLong notStreamed = new AtomicLong();
  private final Map<Leg, UniqueKillSwitch> switches = new EnumMap<>(Leg.class);
  private final org.apache.pekko.actor.Cancellable keepAliveTimer;

  private UserDataStream(Settings settings, String apiKey, Runnable resync, Runnable outside,
      ClassicActorSystemProvider system) {
    this.settings = settings;
    this.apiKey = apiKey;
    this.resync = resync;
    this.outside = outside;
    for (Leg leg : Leg.values()) {
      orders.put(leg, new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
          return size() > KEPT;
        }
      });
      connections.put(leg, new AtomicLong());
      downLogged.put(leg, new java.util.concurrent.atomic.AtomicBoolean());
    }
    Materializer materializer = Materializer.matFromSystem(system);
    for (Leg leg : Leg.values()) {
      switches.put(leg, connection(leg, system, materializer).viaMat(KillSwitches.single(), Keep.right())
          .toMat(Sink.foreach(text -> onEvent(leg, text)), Keep.left()).run(materializer));
    }
    keepAliveTimer = system.classicSystem().scheduler().scheduleAtFixedRate(settings.keepAlive(),
        settings.keepAlive(), this::keepAlive, system.classicSystem().dispatcher());
  }

  /**
   * Connects both legs' streams: {@code resync} runs on every (re)connection, {@code outside} on an
   * execution of an order that is not fundarb's.
   */
  public static UserDataStream start(Settings settings, String apiKey, Runnable resync, Runnable outside,
      ClassicActorSystemProvider system) {
    return new UserDataStream(settings, apiKey, resync, outside, system);
  }

  /**
   * What the order {@code clientOrderId} on {@code leg} executed (signed: + bought), once the stream
   * has told its end, waiting at most {@code wait}; null when it has not told it by then.
   */
  public BinanceVenueClient.Execution ended(Leg leg, String clientOrderId, Duration wait) {
    Progress p;
    synchronized (orders) {
      p = orders.get(leg).computeIfAbsent(clientOrderId, id -> new Progress());
    }
    try {
      p.end.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      if (!wait.isZero()) {
        notStreamed.incrementAndGet();
      }
      synchronized (orders) {
        orders.get(leg).remove(clientOrderId, p);
      }
      return null;
    } catch (Exception e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (!wait.isZero()) {
      streamed.incrementAndGet();
    }
    synchronized (orders) {
      orders.get(leg).remove(clientOrderId);
      if (p.executed == 0) {
        return BinanceVenueClient.Execution.NONE;
      }
      // the trades' own amounts when every one was heard, else the order's average price
      long quote = p.tradedQuantity == p.executed ? p.tradedQuote
          : Fixed.mul(p.executed, p.averagePrice, RoundingMode.HALF_EVEN);
      return new BinanceVenueClient.Execution(p.buy ? p.executed : -p.executed, quote);
    }
  }

  /** Orders waited for whose end the stream told in time, and those the node then looked up over REST. */
  public long[] toldAndLookedUp() {
    return new long[] {streamed.get(), notStreamed.get()};
  }

  /** Events received, and those that repeated a trade already counted. */
  public long[] eventsAndRepeats() {
    return new long[] {events.get(), repeated.get()};
  }

  /** Connections made so far on {@code leg} (1 = the first; more = reconnections). */
  public long connections(Leg leg) {
    return connections.get(leg).get();
  }

  private Source<String, NotUsed> connection(Leg leg, ClassicActorSystemProvider system, Materializer materializer) {
    RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), settings.jitter())
        .withLogSettings(RestartSettings.createLogSettings(Logging.DebugLevel()));
    ClientConnectionSettings defaults = ClientConnectionSettings.create(system.classicSystem());
    ClientConnectionSettings pinging = defaults.withWebsocketSettings(defaults.getWebsocketSettings()
        .withPeriodicKeepAliveMode("ping").withPeriodicKeepAliveMaxIdle(settings.ping()));
    org.apache.pekko.event.LoggingAdapter log = Logging.getLogger(system.classicSystem(), UserDataStream.class);
    return RestartSource.withBackoff(restart, () -> Source.completionStage(CompletableFuture.supplyAsync(
            () -> openKey(leg)))
        .flatMapConcat(key -> Source.<Message>maybe()
            .viaMat(Http.get(system).webSocketClientFlow(WebSocketRequest.create(socketBase(leg) + "ws/" + key),
                Http.get(system).defaultClientHttpsContext(), java.util.Optional.empty(), pinging, log), Keep.right())
            .mapMaterializedValue(upgrade -> {
              upgrade.thenAccept(response -> {
                if (response.response().status().intValue() == 101) {
                  downLogged.get(leg).set(false);
                  long n = connections.get(leg).incrementAndGet();
                  if (n > 1) {
                    LOG.info("{} user-data stream connected again: reconciling over REST", leg);
                  }
                  resync.run();
                }
              });
              return NotUsed.getInstance();
            })
            .mapAsync(1, message -> message.asTextMessage().toStrict(5_000, materializer))
            .map(text -> text.getStrictText()))
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ok, error) -> {
            String lapsed = expired.remove(leg);
            String why = error != null ? error.getMessage() : lapsed != null ? lapsed : "closed by the venue";
            if (closing || error instanceof org.apache.pekko.stream.AbruptStageTerminationException
                || error instanceof org.apache.pekko.stream.AbruptTerminationException) {
              return; // the node is stopping, not the stream failing
            }
            if (downLogged.get(leg).compareAndSet(false, true)) {
              LOG.warn("{} user-data stream down ({}): reconnecting with backoff; orders are looked up over REST"
                  + " meanwhile", leg, why);
            } else {
              LOG.debug("{} user-data stream still down ({})", leg, why);
            }
          });
          return notUsed;
        }));
  }

  private String socketBase(Leg leg) {
    return leg == Leg.SPOT ? settings.spotSocket() : settings.futuresSocket();
  }

  /** Opens (or gets back) the leg's listen key over REST. */
  private String openKey(Leg leg) {
    JsonNode answer = listenKeyRequest(leg, "POST");
    String key = answer.path("listenKey").asText("");
    if (key.isEmpty()) {
      throw new IllegalStateException(leg + " listen key refused: " + answer);
    }
    synchronized (keys) {
      keys.put(leg, key);
    }
    return key;
  }

  private void keepAlive() {
    for (Leg leg : Leg.values()) {
      try {
        listenKeyRequest(leg, "PUT");
      } catch (RuntimeException e) {
        LOG.warn("{} listen key keep-alive failed ({}): the stream reconnects if it lapses", leg, e.getMessage());
      }
    }
  }

  private JsonNode listenKeyRequest(Leg leg, String method) {
    String key;
    synchronized (keys) {
      key = keys.get(leg);
    }
    String url = leg == Leg.SPOT ? settings.spotRest() + "/api/v3/userDataStream"
        + (method.equals("POST") || key == null ? "" : "?listenKey=" + key) : settings.futuresRest() + "/fapi/v1/listenKey";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-MBX-APIKEY", apiKey)
          .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(leg + " listen key " + method + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** One frame of a leg's stream; an unreadable one is logged and dropped, never fatal. */
  private void onEvent(Leg leg, String text) {
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (java.io.IOException e) {
      LOG.warn("{} user-data stream: dropped a frame that is not JSON", leg);
      return;
    }
    events.incrementAndGet();
    String type = event.path("e").asText();
    if (type.equals("listenKeyExpired")) {
      // the connection ends with it; the restart opens a fresh key and resyncs
      expired.put(leg, "its listen key expired");
      return;
    }
    JsonNode order = type.equals("executionReport") ? event : type.equals("ORDER_TRADE_UPDATE") ? event.path("o")
        : null;
    if (order == null) {
      return; // account positions and balances: the REST reconciliation reads them
    }
    String execution = order.path("x").asText();
    String clientId = execution.equals("CANCELED") && !order.path("C").asText().isEmpty() ? order.path("C").asText()
        : order.path("c").asText();
    if (!ClientOrderIds.fundarbs(clientId)) {
      if (execution.equals("TRADE")) {
        LOG.warn("{} user-data stream: {} traded an order the node did not send ({}): reconciling now", leg,
            order.path("s").asText(), clientId);
        outside.run();
      }
      return;
    }
    record(leg, clientId, order, execution);
  }

  private void record(Leg leg, String clientId, JsonNode order, String execution) {
    try {
      Progress p;
      boolean ended;
      synchronized (orders) {
        p = orders.get(leg).computeIfAbsent(clientId, id -> new Progress());
        p.buy = order.path("S").asText().equals("BUY");
        p.executed = Math.max(p.executed, Fixed.parse(order.path("z").asText("0")));
        if (order.has("ap")) {
          p.averagePrice = Fixed.parse(order.path("ap").asText("0"));
        } else if (order.has("Z") && p.executed != 0) {
          p.averagePrice = Fixed.div(Fixed.parse(order.path("Z").asText()), p.executed, RoundingMode.HALF_EVEN);
        }
        if (execution.equals("TRADE")) {
          if (p.trades.add(order.path("t").asLong())) {
            long quantity = Fixed.parse(order.path("l").asText());
            p.tradedQuantity += quantity;
            p.tradedQuote += Fixed.mul(quantity, Fixed.parse(order.path("L").asText()), RoundingMode.HALF_EVEN);
          } else {
            repeated.incrementAndGet();
          }
        }
        String status = order.path("X").asText();
        ended = status.equals("FILLED") || status.equals("CANCELED") || status.equals("EXPIRED")
            || status.equals("REJECTED") || status.equals("EXPIRED_IN_MATCH");
      }
      if (ended) {
        p.end.complete(null);
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("{} user-data stream: dropped an order event with a bad number ({})", leg, e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    keepAliveTimer.cancel();
    switches.values().forEach(UniqueKillSwitch::shutdown);
    for (Leg leg : Leg.values()) {
      try {
        listenKeyRequest(leg, "DELETE");
      } catch (RuntimeException e) {
        LOG.debug("{} listen key not closed: {}", leg, e.getMessage());
      }
    }
  }
}
