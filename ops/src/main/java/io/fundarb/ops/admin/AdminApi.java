package io.fundarb.ops.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.Run;
import io.fundarb.actors.node.Steering;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.ops.models.RegistryPolicies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin API (Pekko HTTP, 127.0.0.1 by default): read routes for health, readiness, the
 * portfolio, assets, orders, risk, alerts, models, the cluster and the effective config; mutating
 * routes (kill switch, pause / resume the node or an asset, flatten, add / remove an asset, change a
 * risk limit, promote / roll back a model version, a member leaving the cluster) behind a bearer token compared in constant time and a rate limit. Errors are RFC 7807
 * problem documents; bad input is a 4xx with a clear message, never a 5xx. Mutations are the
 * run's steering: a replay journals each with the step it takes effect at, a live run hands it at
 * once to the account or the asset, which journals what it changes; either way it survives a restart.
 */
public final class AdminApi extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ContentType PROBLEM = ContentTypes.create(MediaTypes.applicationWithFixedCharset(
      "problem+json", HttpCharsets.UTF_8));
  private static final ContentType PROMETHEUS = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");
  private static final int MAX_ROWS = 500;

  private final FundarbNode node;
  private final NodeViews views;
  private final ClusterView cluster;
  private final AdminToken token;
  private final TokenBucket mutations;
  private final AtomicLong unauthorized = new AtomicLong();
  private volatile Supplier<String> metrics = () -> "";
  private volatile NodeMetrics nodeMetrics;
  private volatile Alerts alerts = Alerts.logOnly();
  private volatile Config config = ConfigFactory.empty();
  private volatile Supplier<JsonNode> models = NodeViews.JSON::createArrayNode;
  private volatile RegistryPolicies registry;
  private final AtomicBoolean modelChanging = new AtomicBoolean();
  private final Map<String, Supplier<Optional<String>>> readiness = new java.util.concurrent.ConcurrentSkipListMap<>();

  public AdminApi(FundarbNode node, AdminToken token, TokenBucket mutations) {
    this.node = node;
    this.views = new NodeViews(node);
    this.cluster = new ClusterView(node.system(), node.accountName());
    this.token = token;
    this.mutations = mutations;
  }

  /**
   * The admin API beside {@code node} as {@code fundarb.admin} configures it (null when disabled):
   * token from the environment or the token file, rate limit, metrics, alerts and the effective
   * config. A port that cannot be bound is a warning on {@code stdout}, not a failed node.
   *
   * @param port overrides {@code fundarb.admin.port} when not null; 0 = any free port
   */
  public static AdminApi serve(FundarbNode node, Config fundarb, Alerts alerts, Integer port,
      java.io.PrintWriter stdout) throws java.io.IOException {
    Config admin = fundarb.getConfig("admin");
    if (!admin.getBoolean("enabled")) {
      return null;
    }
    String file = admin.getString("token-file");
    AdminToken token = AdminToken.load(file.isBlank() ? null : java.nio.file.Path.of(file), System.getenv());
    AdminApi api = new AdminApi(node, token, new TokenBucket(admin.getInt("mutations-burst"),
        admin.getDouble("mutations-per-second")));
    api.nodeMetrics = new NodeMetrics(node, api, alerts);
    api.serveMetrics(api.nodeMetrics::scrape);
    api.serveAlerts(alerts);
    api.serveConfig(fundarb);
    int chosen = port != null ? port : admin.getInt("port");
    try {
      ServerBinding binding = api.bind(admin.getString("host"), chosen).toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      stdout.println("admin API: http://" + admin.getString("host") + ":" + binding.localAddress().getPort()
          + " (mutations " + (token.configured() ? "need the bearer token" : "off: no " + AdminToken.ENV) + ")");
    } catch (Exception e) {
      stdout.println("warning: admin API not started on port " + chosen + ": " + e.getMessage());
    }
    stdout.flush();
    return api;
  }

  public CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(node.system()).newServerAt(host, port).bind(route());
  }

  /** The registry {@code GET /metrics} shows, when {@link #serve} made it: live shells add their meters to it. */
  public Optional<io.micrometer.core.instrument.MeterRegistry> registry() {
    return Optional.ofNullable(nodeMetrics).map(NodeMetrics::registry);
  }

  /** Serves {@code GET /metrics} (Prometheus text exposition) from {@code scrape}. */
  public void serveMetrics(Supplier<String> scrape) {
    this.metrics = scrape;
  }

  /** Serves {@code GET /alerts} and the dashboard's alert list from {@code alerts}. */
  public void serveAlerts(Alerts alerts) {
    this.alerts = alerts;
  }

  /** Serves {@code GET /config}: {@code effective}, secrets redacted. */
  public void serveConfig(Config effective) {
    this.config = effective;
  }

  /**
   * Serves {@code GET /models}: the models the node's policies run (cards without weights), and,
   * when the node runs from a model {@code registry} (else null), promote and rollback.
   */
  public void serveModels(Supplier<JsonNode> loaded, RegistryPolicies registry) {
    this.models = loaded;
    this.registry = registry;
  }

  /** Mutating requests refused for a missing or wrong token since start. */
  /**
   * Makes {@code GET /ready} also depend on {@code check} (e.g. "feed": the venue's websockets),
   * which answers why the node is not ready, or empty when it is.
   */
  public void readyWhen(String check, Supplier<Optional<String>> notReadyBecause) {
    readiness.put(check, notReadyBecause);
  }

  public long unauthorizedAttempts() {
    return unauthorized.get();
  }

  Route route() {
    return concat(
        path("health", () -> get(() -> json(200, NodeViews.JSON.createObjectNode().put("status", "up")))),
        path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(PROMETHEUS,
            metrics.get().getBytes(StandardCharsets.UTF_8))))),
        path("ready", () -> get(this::ready)),
        path("ui", () -> get(() -> getFromResource("ui/index.html", ContentTypes.TEXT_HTML_UTF8))),
        path("snapshot", () -> get(() -> answer(views.snapshot(alerts)))),
        path("events", () -> get(() -> completeOK(events(), EventStreamMarshalling.toEventStream()))),
        path("portfolio", () -> get(() -> answer(views.portfolio()))),
        path("orders", () -> get(() -> parameterOptional("state", state -> parameterOptional("limit", limit ->
            orders(state.orElse("open"), limit.orElse("100")))))),
        path("alerts", () -> get(() -> json(200, NodeViews.alertsJson(alerts, 50)))),
        path("config", () -> get(() -> complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON,
            RedactedConfig.render(config))))),
        pathPrefix("models", () -> concat(
            pathEnd(() -> get(() -> json(200, models.get()))),
            path(PathMatchers.segment().slash("promote"), agent -> post(() -> mutating("promote " + agent, body ->
                changeModel(() -> registry.preparePromote(agent, text(body, "version")),
                    optionalText(body, "reason", "admin API"))))),
            path(PathMatchers.segment().slash("rollback"), agent -> post(() -> mutating("roll back " + agent, body ->
                changeModel(() -> registry.prepareRollback(agent), optionalText(body, "reason", "admin API"))))))),
        pathPrefix("risk", () -> concat(
            pathEnd(() -> get(() -> answer(views.risk()))),
            path(PathMatchers.segment("limits").slash(PathMatchers.segment()), limit -> put(() ->
                mutating("set " + limit, body -> steer(new Steering.SetLimit(limit, number(body, "value")))))))),
        pathPrefix("assets", () -> concat(
            pathEnd(() -> concat(get(this::assets), post(() -> mutating("add asset", body ->
                steer(new Steering.AddAsset(text(body, "asset"))))))),
            pathPrefix(PathMatchers.segment(), id -> concat(
                pathEnd(() -> concat(get(() -> asset(id)), delete(() -> mutating("remove " + id, body ->
                    steer(new Steering.RemoveAsset(id)))))),
                path("pause", () -> post(() -> mutating("pause " + id, body ->
                    steer(new Steering.PauseAsset(id, optionalText(body, "reason", "operator")))))),
                path("flatten", () -> post(() -> mutating("flatten " + id, body ->
                    steer(new Steering.FlattenAsset(id, optionalText(body, "reason", "operator")))))),
                path("resume", () -> post(() -> mutating("resume " + id, body ->
                    steer(new Steering.ResumeAsset(id))))))))),
        pathPrefix("cluster", () -> concat(
            pathEnd(() -> get(() -> answer(cluster.document()))),
            path(PathMatchers.segment("members").slash(PathMatchers.segment()).slash("leave"), address ->
                post(() -> mutating("leave " + address, body -> cluster.leave(address)
                    .map(left -> json(202, NodeViews.JSON.createObjectNode().put("leaving", left)))
                    .orElseGet(() -> problem(404, "Not Found", "no member at " + address))))))),
        path("pause", () -> post(() -> mutating("pause node", body ->
            steer(new Steering.PauseNode(optionalText(body, "reason", "operator")))))),
        path("resume", () -> post(() -> mutating("resume node", body -> steer(new Steering.ResumeNode())))),
        path("kill", () -> post(() -> mutating("kill switch", body ->
            steer(new Steering.Kill(optionalText(body, "reason", "operator")))))),
        extractUnmatchedPath(rest -> problem(404, "Not Found", "no route " + rest)));
  }

  /**
   * Ready once the journal is recovered (the run has started and is not re-running the venue) and every
   * added check passes. Models need no check here: a node loads and checks its models before it
   * starts, and a model that fails to load stops the command.
   */
  private Route ready() {
    if (node.run() == null) {
      return problem(503, "Not Ready", "the run has not started (journal recovery pending)");
    }
    return onComplete(views.status(), t -> {
      if (!t.isSuccess() || t.get().recovering()) {
        return problem(503, "Not Ready", t.isSuccess() ? "re-running the venue to recover from the journal"
            : "the run did not answer");
      }
      List<String> failing = new ArrayList<>();
      readiness.forEach((check, because) -> because.get().ifPresent(why -> failing.add(check + ": " + why)));
      if (!failing.isEmpty()) {
        return problem(503, "Not Ready", String.join("; ", failing));
      }
      ObjectNode body = NodeViews.JSON.createObjectNode().put("ready", true);
      ArrayNode checks = body.putArray("checks").add("journal");
      readiness.keySet().forEach(checks::add);
      return json(200, body);
    });
  }

  private Route orders(String state, String limitText) {
    if (!state.equals("open") && !state.equals("recent")) {
      return problem(400, "Invalid Request", "state must be open or recent, got '" + state + "'");
    }
    int limit;
    try {
      limit = Integer.parseInt(limitText);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_ROWS) {
      return problem(400, "Invalid Request", "limit must be an integer in 1.." + MAX_ROWS + ", got '" + limitText + "'");
    }
    return answer(views.orders(state, limit));
  }

  private Route assets() {
    return onComplete(views.assetMap(), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the run did not answer: " + t.failed().get().getMessage());
      }
      var list = NodeViews.JSON.createArrayNode();
      t.get().forEach((id, active) -> list.addObject().put("asset", id).put("active", active));
      return json(200, list);
    });
  }

  private Route asset(String id) {
    return onComplete(views.assetMap(), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the run did not answer: " + t.failed().get().getMessage());
      }
      if (!t.get().containsKey(id)) {
        return problem(404, "Unknown Asset", "no asset '" + id + "' on this node; it has " + t.get().keySet());
      }
      return answer(views.asset(id, t.get().get(id)));
    });
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
          body = text.isBlank() ? NodeViews.JSON.createObjectNode() : NodeViews.JSON.readTree(text);
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

  private Route steer(Steering steering) {
    return steer(steering, accepted -> json(202, NodeViews.JSON.createObjectNode().put("accepted", accepted)));
  }

  /** Sends {@code steering} to the run; {@code accepted} answers once the run took it (with its detail). */
  private Route steer(Steering steering, Function<String, Route> accepted) {
    return onComplete(views.<Run.SteerReply>askRun(r -> new Run.Steer(steering, r)), t -> {
      if (t.isFailure()) {
        return problem(503, "Unavailable", "the run did not answer: " + t.failed().get().getMessage());
      }
      Run.SteerReply reply = t.get();
      if (reply instanceof Run.SteerReply.UnknownAsset) {
        return problem(404, "Unknown Asset", reply.detail());
      } else if (reply instanceof Run.SteerReply.Refused) {
        return problem(400, "Refused", reply.detail());
      }
      LOG.info("admin: {}", reply.detail());
      return accepted.apply(reply.detail());
    });
  }

  /**
   * A model promote or rollback, one at a time: the version is checked and loaded off the HTTP
   * threads, swapped in through the run's steering, and only then recorded in the
   * registry. A version that is unknown (404) or does not fit this node (400) changes nothing.
   */
  private Route changeModel(Supplier<RegistryPolicies.Change> prepare, String reason) {
    if (registry == null) {
      return problem(409, "No Model Registry", "this node was not started from a model registry (fundarb paper"
          + " --registry-model <agent>): there is nothing to promote or roll back");
    }
    if (!modelChanging.compareAndSet(false, true)) {
      return problem(409, "Conflict", "another model change is in progress");
    }
    CompletionStage<RegistryPolicies.Change> prepared = CompletableFuture.supplyAsync(prepare);
    return onComplete(prepared, t -> {
      if (t.isFailure()) {
        modelChanging.set(false);
        Throwable e = t.failed().get() instanceof java.util.concurrent.CompletionException c ? c.getCause()
            : t.failed().get();
        return e instanceof NoSuchElementException ? problem(404, "Unknown Model Version", e.getMessage())
            : e instanceof IllegalArgumentException ? problem(400, "Invalid Request", e.getMessage())
            : problem(500, "Model Load Failed", String.valueOf(e.getMessage()));
      }
      RegistryPolicies.Change change = t.get();
      return mapRouteResult(result -> {
        modelChanging.set(false);
        return result;
      }, () -> steer(change.steering(), accepted -> {
        try {
          registry.commit(change, reason);
        } catch (java.io.IOException e) {
          return problem(500, "Registry Write Failed", "the node runs " + change.version() + " from the next step but"
              + " the registry could not record it: " + e.getMessage());
        }
        ObjectNode body = NodeViews.JSON.createObjectNode().put("accepted", accepted).put("agent", change.agent())
            .put("version", change.version()).put("previous", change.previous());
        return json(202, body);
      }));
    });
  }

  /** A snapshot a second as server-sent events, for the dashboard; a missed answer skips that second. */
  private Source<ServerSentEvent, NotUsed> events() {
    return Source.tick(Duration.ZERO, Duration.ofSeconds(1), "tick")
        .mapAsync(1, tick -> views.snapshot(alerts).exceptionally(e -> NodeViews.JSON.createObjectNode()))
        .filter(snapshot -> snapshot.has("portfolio"))
        .map(snapshot -> ServerSentEvent.create(snapshot.toString()))
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
  }

  /** 200 with the document, or 503 when the node did not answer. */
  private Route answer(CompletionStage<? extends JsonNode> document) {
    return onComplete(document, t -> t.isSuccess() ? json(200, t.get())
        : problem(503, "Unavailable", "the node did not answer: " + t.failed().get().getMessage()));
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

  private static double number(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' is required and must be a number");
    }
    return v.asDouble();
  }

  private Route json(int status, JsonNode body) {
    return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private Route problem(int status, String title, String detail) {
    ObjectNode p = NodeViews.JSON.createObjectNode().put("type", "about:blank").put("title", title)
        .put("status", status).put("detail", detail);
    return complete(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(PROBLEM, p.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
