package io.fundarb.ops.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.node.DeskJournal;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.ReplayDesk;
import io.fundarb.engine.money.Fixed;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin API (Pekko HTTP, 127.0.0.1 by default): read routes for health, readiness,
 * the portfolio and every asset; mutating routes (kill switch, pause / resume / add / remove an
 * asset) behind a bearer token compared in constant time and a rate limit. Errors are RFC 7807
 * problem documents; bad input is a 4xx with a clear message, never a 5xx. Mutations go through
 * the desk's journaled steering, so they survive a restart.
 */
public final class AdminApi extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ContentType PROBLEM = ContentTypes.create(MediaTypes.applicationWithFixedCharset(
      "problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8));
  private static final Duration ASK = Duration.ofSeconds(5);
  private static final ContentType PROMETHEUS = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final FundarbNode node;
  private final AdminToken token;
  private final TokenBucket mutations;
  private final AtomicLong unauthorized = new AtomicLong();
  private volatile java.util.function.Supplier<String> metrics = () -> "";

  public AdminApi(FundarbNode node, AdminToken token, TokenBucket mutations) {
    this.node = node;
    this.token = token;
    this.mutations = mutations;
  }

  public CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(node.system()).newServerAt(host, port).bind(route());
  }

  /** Serves {@code GET /metrics} (Prometheus text exposition) from {@code scrape}. */
  public void serveMetrics(java.util.function.Supplier<String> scrape) {
    this.metrics = scrape;
  }

  /** Mutating requests refused for a missing or wrong token since start. */
  public long unauthorizedAttempts() {
    return unauthorized.get();
  }

  Route route() {
    return concat(
        path("health", () -> get(() -> json(200, JSON.createObjectNode().put("status", "up")))),
        path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(PROMETHEUS,
            metrics.get().getBytes(java.nio.charset.StandardCharsets.UTF_8))))),
        path("ready", () -> get(this::ready)),
        path("ui", () -> get(() -> getFromResource("ui/index.html", ContentTypes.TEXT_HTML_UTF8))),
        path("snapshot", () -> get(() -> onComplete(snapshot(), t -> t.isSuccess() ? json(200, t.get())
            : problem(503, "Unavailable", "the node did not answer")))),
        path("events", () -> get(() -> completeOK(events(),
            org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling.toEventStream()))),
        path("portfolio", () -> get(this::portfolio)),
        pathPrefix("assets", () -> concat(
            pathEnd(() -> concat(get(this::assets), post(() -> mutating("add asset", body ->
                steer(new DeskJournal.AddAsset(text(body, "asset"))))))),
            pathPrefix(PathMatchers.segment(), id -> concat(
                pathEnd(() -> concat(get(() -> asset(id)), delete(() -> mutating("remove " + id, body ->
                    steer(new DeskJournal.RemoveAsset(id)))))),
                path("pause", () -> post(() -> mutating("pause " + id, body ->
                    steer(new DeskJournal.PauseAsset(id, optionalText(body, "reason", "operator")))))),
                path("resume", () -> post(() -> mutating("resume " + id, body ->
                    steer(new DeskJournal.ResumeAsset(id))))))))),
        path("kill", () -> post(() -> mutating("kill switch", body ->
            steer(new DeskJournal.Kill(optionalText(body, "reason", "operator")))))),
        extractUnmatchedPath(rest -> problem(404, "Not Found", "no route " + rest)));
  }

  private Route ready() {
    if (node.desk() == null) {
      return problem(503, "Not Ready", "the desk has not started (journal recovery pending)");
    }
    return onComplete(status(), t -> t.isSuccess() && !t.get().recovering()
        ? json(200, JSON.createObjectNode().put("ready", true))
        : problem(503, "Not Ready", t.isSuccess() ? "re-running the venue to recover from the journal"
            : "the desk did not answer within " + ASK.toSeconds() + " s"));
  }

  private Route portfolio() {
    return onComplete(status(), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the desk did not answer: " + t.failed().get().getMessage());
      }
      ReplayDesk.NodeStatus s = t.get();
      return json(200, JSON.createObjectNode().put("step", s.step()).put("time", s.time())
          .put("equity", Fixed.toString(s.equity())).put("activeAssets", s.activeAssets()).put("killed", s.killed())
          .put("dailyLossHit", s.dailyLossHit()).put("missedDecisions", s.missedDecisions())
          .put("liquidations", s.liquidations()).put("recovering", s.recovering()).put("finished", s.finished()));
    });
  }

  private Route assets() {
    return onComplete(assetMap(), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the desk did not answer");
      }
      ArrayNode list = JSON.createArrayNode();
      t.get().forEach((id, active) -> list.addObject().put("asset", id).put("active", active));
      return json(200, list);
    });
  }

  private Route asset(String id) {
    return onComplete(assetMap(), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the desk did not answer");
      }
      if (!t.get().containsKey(id)) {
        return problem(404, "Unknown Asset", "no asset '" + id + "' on this node; it has " + t.get().keySet());
      }
      CompletionStage<AssetSupervisor.AssetStatus> status = node.asset(id).ask(AssetSupervisor.GetStatus::new, ASK);
      CompletionStage<OrderActor.Book> book = node.book(id);
      return onComplete(status.thenCombine(book, (s, b) -> assetJson(s, b, t.get().get(id))), r -> r.isSuccess()
          ? json(200, r.get()) : problem(503, "Unavailable", "the asset did not answer"));
    });
  }

  private static JsonNode assetJson(AssetSupervisor.AssetStatus s, OrderActor.Book b, boolean active) {
    ObjectNode json = JSON.createObjectNode().put("asset", s.asset()).put("active", active)
        .put("breaker", s.breaker().name()).put("paused", s.paused()).put("decisions", s.decisions())
        .put("strategyFailures", s.strategyFailures());
    if (Double.isFinite(s.lastTarget())) {
      json.put("target", s.lastTarget());
    } else {
      json.putNull("target");
    }
    ArrayNode rules = json.putArray("lastRules");
    s.lastRules().forEach(r -> rules.add(r.name()));
    json.putObject("orders").put("accepted", b.accepted()).put("fills", b.fills()).put("rejections", b.rejections())
        .put("cancellations", b.cancellations()).put("open", b.open().size());
    return json;
  }

  /** A mutating route: token, rate limit, JSON body (may be empty), then {@code action}. */
  private Route mutating(String what, Function<JsonNode, Route> action) {
    return optionalHeaderValueByName("Authorization", auth -> {
      if (!token.accepts(auth)) {
        long n = unauthorized.incrementAndGet();
        LOG.warn("admin: refused {} without a valid bearer token (attempt {})", what, n);
        return respondWithHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"fundarb\""),
            () -> problem(401, "Unauthorized", token.configured() ? "a valid bearer token is required"
                : "no admin token is configured (" + AdminToken.ENV + " or fundarb.admin.token-file): mutations are off"));
      }
      if (!mutations.tryTake()) {
        return respondWithHeader(RawHeader.create("Retry-After", "1"),
            () -> problem(429, "Too Many Requests", "mutating requests are rate limited"));
      }
      return entity(Unmarshaller.entityToString(), text -> {
        JsonNode body;
        try {
          body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          return problem(400, "Malformed JSON", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
          return problem(400, "Malformed JSON", "the body must be a JSON object");
        }
        try {
          return action.apply(body);
        } catch (IllegalArgumentException e) {
          return problem(400, "Invalid Request", e.getMessage());
        }
      });
    });
  }

  private Route steer(DeskJournal.Steering steering) {
    ActorRef<ReplayDesk.Command> desk = node.desk();
    if (desk == null) {
      return problem(503, "Not Ready", "the desk has not started");
    }
    CompletionStage<String> reply = AskPattern.ask(desk, r -> new ReplayDesk.Steer(steering, r), ASK,
        node.system().scheduler());
    return onComplete(reply, t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the desk did not answer");
      }
      if (t.get().startsWith("unknown asset")) {
        return problem(404, "Unknown Asset", t.get());
      }
      LOG.info("admin: {}", t.get());
      return json(202, JSON.createObjectNode().put("accepted", t.get()));
    });
  }

  /** A snapshot a second as server-sent events, for the dashboard; a missed answer skips that second. */
  private org.apache.pekko.stream.javadsl.Source<ServerSentEvent, org.apache.pekko.NotUsed> events() {
    return org.apache.pekko.stream.javadsl.Source.tick(Duration.ZERO, Duration.ofSeconds(1), "tick")
        .mapAsync(1, tick -> snapshot().exceptionally(e -> JSON.createObjectNode()))
        .filter(snapshot -> snapshot.has("portfolio"))
        .map(snapshot -> ServerSentEvent.create(snapshot.toString()))
        .mapMaterializedValue(cancellable -> org.apache.pekko.NotUsed.getInstance());
  }

  /** Everything the dashboard shows: the portfolio and every asset, as one JSON document. */
  private CompletionStage<JsonNode> snapshot() {
    if (node.desk() == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("desk not started"));
    }
    return status().thenCombine(assetMap(), (s, ids) -> new Object[] {s, ids}).thenCompose(pair -> {
      ReplayDesk.NodeStatus s = (ReplayDesk.NodeStatus) pair[0];
      @SuppressWarnings("unchecked")
      Map<String, Boolean> ids = (Map<String, Boolean>) pair[1];
      ObjectNode out = JSON.createObjectNode();
      out.putObject("portfolio").put("step", s.step()).put("time", s.time()).put("equity", Fixed.toString(s.equity()))
          .put("killed", s.killed()).put("dailyLossHit", s.dailyLossHit()).put("recovering", s.recovering())
          .put("finished", s.finished());
      ArrayNode assets = out.putArray("assets");
      java.util.concurrent.CompletableFuture<Void> all = java.util.concurrent.CompletableFuture.completedFuture(null);
      for (Map.Entry<String, Boolean> e : ids.entrySet()) {
        CompletionStage<JsonNode> one = node.asset(e.getKey()).ask(AssetSupervisor.GetStatus::new, ASK)
            .thenCombine(node.book(e.getKey()), (st, b) -> assetJson(st, b, e.getValue()));
        all = all.thenCombine(one, (v, json) -> {
          synchronized (assets) {
            assets.add(json);
          }
          return null;
        });
      }
      return all.thenApply(v -> out);
    });
  }

  private CompletionStage<ReplayDesk.NodeStatus> status() {
    return AskPattern.ask(node.desk(), ReplayDesk.GetStatus::new, ASK, node.system().scheduler());
  }

  private CompletionStage<Map<String, Boolean>> assetMap() {
    if (node.desk() == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("desk not started"));
    }
    return AskPattern.ask(node.desk(), ReplayDesk.GetAssets::new, ASK, node.system().scheduler());
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required and must be a non-empty string");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode body, String field, String fallback) {
    return body.has(field) ? text(body, field) : fallback;
  }

  private Route json(int status, JsonNode body) {
    return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private Route problem(int status, String title, String detail) {
    ObjectNode p = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
        .put("detail", detail);
    return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(PROBLEM, p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A simple token bucket: {@code capacity} requests, refilled at {@code perSecond}. */
  public static final class TokenBucket {
    private final double capacity;
    private final double perSecond;
    private double tokens;
    private long last = System.nanoTime();

    public TokenBucket(int capacity, double perSecond) {
      this.capacity = capacity;
      this.perSecond = perSecond;
      this.tokens = capacity;
    }

    synchronized boolean tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
