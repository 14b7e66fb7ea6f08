package io.fundarb.ops.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.FeedActor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.features.Feature;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.trading.FeatureRow;
import io.fundarb.engine.venue.RestingOrder;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.ops.alert.Alerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The JSON documents the admin API and the dashboard serve, read from the node's actors. Money is
 * printed from Fixed as exact decimal strings; ratios are plain numbers. Shapes are documented in
 * docs/openapi.yaml.
 */
final class NodeViews {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ASK = Duration.ofSeconds(5);
  private static final int DASHBOARD_ROWS = 10;

  private final FundarbNode node;

  NodeViews(FundarbNode node) {
    this.node = node;
  }

  /** Fails (→ 503) while no run has started. */
  <T> CompletionStage<T> askRun(Function<ActorRef<T>, Run.Query> message) {
    ActorRef<Run.Query> run = node.run();
    if (run == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("the run has not started"));
    }
    return AskPattern.ask(run, message::apply, ASK, node.system().scheduler());
  }

  /** The account actor's view (limits, kill switch, daily loss, reservations). */
  CompletionStage<AccountActor.View> account() {
    return AskPattern.ask(node.account(), AccountActor.GetView::new, ASK, node.system().scheduler());
  }

  CompletionStage<Run.Status> status() {
    return askRun(Run.GetStatus::new);
  }

  CompletionStage<Map<String, Boolean>> assetMap() {
    return askRun(Run.GetAssets::new);
  }

  CompletionStage<JsonNode> portfolio() {
    return status().thenCombine(askRun(Run.GetPositions::new), NodeViews::portfolioJson);
  }

  private static JsonNode portfolioJson(Run.Status s, List<Run.Position> positions) {
    PortfolioTotals totals = PortfolioTotals.of(positions);
    double leverage = totals.leverage(s.equity());
    return JSON.createObjectNode().put("step", s.step()).put("time", s.time())
        .put("equity", Fixed.toString(s.equity())).put("pnl", Fixed.toString(totals.pnl()))
        .put("funding", Fixed.toString(totals.funding())).put("fees", Fixed.toString(totals.fees()))
        .put("grossExposure", totals.grossExposure()).put("leverage", Double.isNaN(leverage) ? 0 : leverage)
        .put("activeAssets", s.activeAssets()).put("killed", s.killed()).put("dailyLossHit", s.dailyLossHit())
        .put("missedDecisions", s.missedDecisions()).put("liquidations", s.liquidations())
        .put("recovering", s.recovering()).put("finished", s.finished());
  }

  /** Every asset's status, book and position, in the node's asset order. */
  CompletionStage<ArrayNode> assets() {
    return askRun(Run.GetPositions::new).thenCompose(this::assets);
  }

  private CompletionStage<ArrayNode> assets(List<Run.Position> positions) {
    return assetMap().thenCombine(maxPosition(), (ids, maxPosition) -> {
      CompletableFuture<ArrayNode> all = CompletableFuture.completedFuture(JSON.createArrayNode());
      for (Run.Position p : positions) {
        all = all.thenCombine(asset(p, ids.getOrDefault(p.asset(), false), maxPosition), (list, json) -> {
          list.add(json);
          return list;
        });
      }
      return all;
    }).thenCompose(all -> all);
  }

  /** One asset's document (the asset must be on this node: check {@link #assetMap} first). */
  CompletionStage<JsonNode> asset(String id, boolean active) {
    return askRun(Run.GetPositions::new).thenCombine(maxPosition(), (positions, maxPosition) -> asset(
        positions.stream().filter(p -> p.asset().equals(id)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no position for " + id)), active, maxPosition))
        .thenCompose(json -> json);
  }

  /** The account's max position as steered now (PUT /risk/limits/max-position). */
  private CompletionStage<Double> maxPosition() {
    return account().thenApply(r -> r.limits().get(TunableLimits.Name.MAX_POSITION));
  }

  private CompletionStage<JsonNode> asset(Run.Position p, boolean active, double maxPosition) {
    return node.asset(p.asset()).ask(AssetEntity.GetStatus::new, ASK)
        .thenCombine(node.book(p.asset()), (s, b) -> assetJson(s, b, p, active, maxPosition));
  }

  private static JsonNode assetJson(AssetEntity.AssetStatus s, OrderActor.Book b, Run.Position p,
      boolean active, double maxPosition) {
    ObjectNode json = JSON.createObjectNode().put("asset", s.asset()).put("active", active)
        .put("breaker", s.breaker().name()).put("paused", s.paused()).put("flattening", s.mode().flattening())
        .put("decisions", s.decisions())
        .put("strategyFailures", s.strategyFailures()).put("policy", s.policy());
    if (Double.isFinite(s.lastTarget())) {
      json.put("target", s.lastTarget());
    } else {
      json.putNull("target");
    }
    ArrayNode rules = json.putArray("lastRules");
    s.lastRules().forEach(r -> rules.add(r.name()));
    json.put("hedgeRatio", p.hedgeRatio()).put("marginRatio", p.marginRatio()).put("pnl", Fixed.toString(p.pnl())).put("funding", Fixed.toString(p.funding()))
        .put("fees", Fixed.toString(p.fees()));
    json.putObject("legs").<ObjectNode>set("spot", leg(p.spotQuantity(), p.spotPrice()))
        .set("perp", leg(p.perpQuantity(), p.perpMark()));
    json.putObject("orders").put("accepted", b.accepted()).put("fills", b.fills()).put("rejections", b.rejections())
        .put("cancellations", b.cancellations()).put("open", b.inFlight().length)
        .put("reservation", Fixed.toString(b.reservation()));
    json.set("feed", feedJson(s));
    json.set("features", featuresJson(s.feed() == null ? null : s.feed().features()));
    json.set("limits", limitsJson(s.limits(), maxPosition));
    return json;
  }

  private static JsonNode feedJson(AssetEntity.AssetStatus s) {
    ObjectNode feed = JSON.createObjectNode();
    FeedActor.Counts c = s.feed();
    if (c == null || c.lastTime() == 0) {
      feed.putNull("lastTick").putNull("dataAgeMs");
    } else {
      feed.put("lastTick", java.time.Instant.ofEpochMilli(c.lastTime()).toString()).put("dataAgeMs", c.dataAgeMs());
    }
    feed.put("maxAgeMs", s.maxStaleMs()).put("fresh", c != null && c.lastTime() != 0 && c.dataAgeMs() <= s.maxStaleMs());
    if (c == null) {
      feed.putNull("ticks");
    } else {
      feed.putObject("ticks").put("accepted", c.accepted()).put("stale", c.stale()).put("invalid", c.invalid())
          .put("outOfOrder", c.outOfOrder());
    }
    return feed;
  }

  private static JsonNode featuresJson(FeatureRow row) {
    if (row == null) {
      return JSON.nullNode();
    }
    ObjectNode json = JSON.createObjectNode().put("rows", row.steps()).put("ready", row.ready());
    ObjectNode values = json.putObject("values");
    Feature[] columns = Feature.values();
    for (int k = 0; k < row.values().length && k < columns.length; k++) {
      float v = row.values()[k];
      if (Float.isFinite(v)) {
        values.put(columns[k].key(), v);
      } else {
        values.putNull(columns[k].key()); // JSON has no NaN; the dashboard's parser would refuse the document
      }
    }
    return json;
  }

  /** The limits the asset's risk guard enforces; max position is the lower of its own and the node's. */
  private static JsonNode limitsJson(RiskLimits l, double nodeMaxPosition) {
    return JSON.createObjectNode().put("maxPosition", Math.min(l.maxPositionRatio(), nodeMaxPosition))
        .put("stopLoss", l.stopLoss()).put("stopCooldownMs", l.stopCooldownMs())
        .put("maxLosingStreak", l.maxLosingStreak()).put("sharpMove", l.sharpMove())
        .put("sharpMoveWindowMs", l.sharpMoveWindowMs()).put("maxMarginRatio", l.maxMarginRatio())
        .put("marginReduceStep", l.marginReduceStep()).put("baseLeverage", l.baseLeverage())
        .put("maxLeverage", l.maxLeverage()).put("leverage", l.configuredLeverage());
  }

  private static ObjectNode leg(long quantity, long price) {
    return JSON.createObjectNode().put("quantity", Fixed.toString(quantity)).put("price", Fixed.toString(price));
  }

  CompletionStage<JsonNode> risk() {
    return account().thenCombine(assets(), (r, assets) -> {
      ObjectNode json = JSON.createObjectNode().put("killed", r.killed() != null)
          .put("dailyLossSpent", r.dailyLossSpent()).put("todayReturn", r.todayReturn());
      ObjectNode limits = json.putObject("limits");
      for (TunableLimits.Name name : TunableLimits.Name.values()) {
        limits.putObject(name.key()).put("value", r.limits().get(name)).put("ceiling", r.ceiling().get(name));
      }
      ObjectNode reserved = json.putObject("reservations").put("cap", Fixed.toString(r.cap()));
      ObjectNode held = reserved.putObject("held");
      r.reservations().forEach((asset, notional) -> held.put(asset, Fixed.toString(notional)));
      ArrayNode flat = json.putArray("flattening");
      assets.forEach(a -> {
        if (a.path("flattening").asBoolean()) {
          flat.add(a.get("asset").asText());
        }
      });
      ArrayNode breakers = json.putArray("assets");
      assets.forEach(a -> breakers.addObject().put("asset", a.get("asset").asText())
          .put("breaker", a.get("breaker").asText()).put("paused", a.get("paused").asBoolean())
          .set("lastRules", a.get("lastRules")));
      return json;
    });
  }

  /** {@code open}: orders resting at the venue; {@code recent}: the latest execution reports, newest first. */
  CompletionStage<JsonNode> orders(String state, int limit) {
    return askRun(Run.GetOrders::new).thenApply(view -> {
      ArrayNode list = JSON.createArrayNode();
      if (state.equals("open")) {
        view.open().stream().limit(limit).forEach(o -> list.add(restingJson(o)));
      } else {
        List<Run.Recent> recent = view.recent();
        for (int k = recent.size() - 1; k >= 0 && list.size() < limit; k--) {
          list.add(reportJson(recent.get(k)));
        }
      }
      return list;
    });
  }

  private static JsonNode restingJson(RestingOrder o) {
    ObjectNode json = JSON.createObjectNode().put("clientOrderId", o.request().clientOrderId())
        .put("instrument", o.request().instrument().toString()).put("side", o.request().side().name())
        .put("type", o.request().type().name()).put("quantity", o.request().quantity().toString())
        .put("filled", o.filled().toString()).put("remaining", o.remaining().toString())
        .put("timeInForce", o.request().timeInForce().name()).put("reduceOnly", o.request().reduceOnly());
    if (o.request().limitPrice() != null) {
      json.put("limitPrice", o.request().limitPrice().toString());
    }
    return json;
  }

  private static JsonNode reportJson(Run.Recent r) {
    ObjectNode json = JSON.createObjectNode().put("asset", r.asset());
    VenueReport report = r.report();
    json.put("instrument", report.instrument().toString());
    if (report instanceof VenueReport.Accepted a) {
      json.put("event", "accepted").put("orderId", a.clientOrderId()).put("time", a.time());
    } else if (report instanceof VenueReport.Filled filled) {
      var f = filled.fill();
      json.put("event", f.completesOrder() ? "filled" : "partially-filled").put("orderId", f.clientOrderId())
          .put("time", f.time()).put("quantity", Fixed.toString(f.signedQuantity()))
          .put("price", f.price().toString()).put("fee", Fixed.toString(f.fee()));
    } else if (report instanceof VenueReport.Rejected x) {
      json.put("event", "rejected").put("orderId", x.rejection().clientOrderId()).put("time", x.rejection().time())
          .put("reason", x.rejection().reason() + ": " + x.rejection().detail());
    } else if (report instanceof VenueReport.Canceled c) {
      json.put("event", "canceled").put("orderId", c.cancellation().clientOrderId())
          .put("time", c.cancellation().time()).put("reason", c.cancellation().reason());
    } else if (report instanceof VenueReport.Funded f) {
      json.put("event", "funding").put("time", f.time()).put("payment", Fixed.toString(f.payment()));
    } else if (report instanceof VenueReport.MarginMoved m) {
      json.put("event", "margin").put("orderId", m.requestId()).put("time", m.time())
          .put("amount", Fixed.toString(m.amount()));
    } else {
      json.put("event", report.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }
    return json;
  }

  static ArrayNode alertsJson(Alerts alerts, int limit) {
    ArrayNode list = JSON.createArrayNode();
    List<Alerts.Raised> recent = alerts.recent();
    for (int k = recent.size() - 1; k >= 0 && list.size() < limit; k--) {
      Alerts.Raised r = recent.get(k);
      list.addObject().put("kind", r.alert().kind().name()).put("severity", r.alert().severity().name())
          .put("subject", r.alert().subject()).put("summary", r.alert().summary())
          .put("time", java.time.Instant.ofEpochMilli(r.alert().timeMs()).toString())
          .put("outcome", r.outcome().name()).put("repeats", r.repeats());
    }
    return list;
  }

  /** Everything the dashboard shows, as one document. */
  CompletionStage<JsonNode> snapshot(Alerts alerts) {
    CompletionStage<ObjectNode> book = askRun(Run.GetPositions::new).thenCompose(positions -> status()
        .thenCombine(assets(positions), (s, assets) -> {
          ObjectNode out = JSON.createObjectNode();
          out.set("portfolio", portfolioJson(s, positions));
          out.set("assets", assets);
          return out;
        }));
    return book.thenCombine(orders("recent", DASHBOARD_ROWS), (out, orders) -> {
      out.set("alerts", alertsJson(alerts, DASHBOARD_ROWS));
      out.set("orders", orders);
      return out;
    });
  }
}
