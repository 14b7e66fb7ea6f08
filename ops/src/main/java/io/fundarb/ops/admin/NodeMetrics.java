package io.fundarb.ops.admin;

import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.IntentTimes;
import io.fundarb.actors.asset.DecisionTimes;
import io.fundarb.actors.node.FundarbNode;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.money.Fixed;
import io.fundarb.ops.alert.AlertGate;
import io.fundarb.ops.alert.Alerts;
import io.fundarb.ops.alert.WebhookSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's metrics in Prometheus form (served at {@code GET /metrics}): JVM and process
 * binders, node gauges (step, equity, active assets, kill switch, missed decisions,
 * liquidations), per-asset gauges (breaker state, target, decisions, strategy failures, orders by
 * outcome, ticks by outcome, hedge ratio, margin ratio, P&amp;L,
 * funding) and the book (funding, fees, gross exposure, leverage)
 * refreshed from the actors once a second, breaker transitions counted from the event stream,
 * alerts by gate outcome and webhook delivery, refused admin requests, tick → intent latency and
 * each policy's decision (inference) time; a connected venue's feed and orders add
 * {@link FeedMetrics}. Gauges read the last sample, so a scrape never waits on an
 * actor.
 */
public final class NodeMetrics {
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
  private static final Duration ASK = Duration.ofSeconds(2);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FundarbNode node;
  private volatile Run.Status last;
  private volatile double[] book = {Double.NaN, Double.NaN, Double.NaN, Double.NaN}; // funding, fees, gross, leverage
  private final Map<String, double[]> assets = new ConcurrentHashMap<>(); // breaker, target, decisions, failures,
  // accepted, fills, rejections, cancellations, hedge ratio, pnl, funding, margin ratio, ticks by outcome (4)

  public NodeMetrics(FundarbNode node, AdminApi api, Alerts alerts) {
    this.node = node;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    nodeGauge("fundarb_node_step", "replay clock steps completed", s -> s.step());
    nodeGauge("fundarb_node_equity_usdt", "account equity, USDT", s -> Fixed.toDouble(s.equity()));
    nodeGauge("fundarb_node_active_assets", "assets receiving ticks", s -> s.activeAssets());
    nodeGauge("fundarb_node_killed", "1 once the kill switch is on", s -> s.killed() ? 1 : 0);
    nodeGauge("fundarb_node_daily_loss_hit", "1 while the daily loss budget is spent", s -> s.dailyLossHit() ? 1 : 0);
    nodeGauge("fundarb_node_missed_decisions", "asset decisions that missed the step timeout", s -> s.missedDecisions());
    nodeGauge("fundarb_node_liquidations", "liquidations", s -> s.liquidations());
    String[] books = {"fundarb_node_funding_usdt", "fundarb_node_fees_usdt", "fundarb_node_gross_exposure_usdt",
        "fundarb_node_leverage"};
    String[] bookHelp = {"funding earned (paid if negative), USDT", "fees paid, USDT",
        "sum of |position value| over every leg, USDT", "gross exposure over equity"};
    for (int k = 0; k < books.length; k++) {
      int slot = k;
      Gauge.builder(books[k], this, m -> m.book[slot]).description(bookHelp[k]).register(registry);
    }
    for (AlertGate.Outcome outcome : AlertGate.Outcome.values()) {
      Gauge.builder("fundarb_alerts", alerts, a -> a.count(outcome)).description("alerts raised, by gate outcome")
          .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
    alerts.webhook().ifPresent(w -> {
      Gauge.builder("fundarb_alert_webhook_delivered", w, WebhookSink::delivered).register(registry);
      Gauge.builder("fundarb_alert_webhook_failed", w, WebhookSink::failed).register(registry);
    });
    io.micrometer.core.instrument.Timer decide = io.micrometer.core.instrument.Timer.builder("fundarb_tick_to_intent")
        .description("an asset's wall time from its feed taking a market step to its order actor holding the target")
        .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5))
        .register(registry);
    IntentTimes.get(node.system()).attach((asset, step, latency, at) ->
        decide.record(latency, java.util.concurrent.TimeUnit.NANOSECONDS));
    DecisionTimes.get(node.system()).attach((policy, nanos) -> io.micrometer.core.instrument.Timer
        .builder("fundarb_model_inference")
        .description("a policy's decision per asset and step: a network's forward pass for a model")
        .tag("policy", policy).publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofMillis(1)).register(registry)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    ClusterMetrics.bind(registry, node.system());
    Gauge.builder("fundarb_admin_unauthorized_requests", api, AdminApi::unauthorizedAttempts)
        .description("mutating admin requests refused for a missing or wrong token").register(registry);
    ActorRef<AssetEntity.BreakerEvent> breakers = node.system().systemActorOf(
        Behaviors.receive(AssetEntity.BreakerEvent.class).onAnyMessage(e -> {
          Counter.builder("fundarb_breaker_transitions").description("circuit breaker transitions")
              .tag("asset", e.asset()).tag("state", e.state().name()).register(registry).increment();
          return Behaviors.same();
        }).build(), "metrics-breakers", Props.empty());
    node.system().eventStream().tell(new EventStream.Subscribe<>(AssetEntity.BreakerEvent.class, breakers));
    node.system().scheduler().scheduleAtFixedRate(SAMPLE_EVERY, SAMPLE_EVERY, this::sample,
        node.system().executionContext());
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  private void nodeGauge(String name, String help, java.util.function.ToDoubleFunction<Run.Status> value) {
    Gauge.builder(name, this, m -> m.last == null ? Double.NaN : value.applyAsDouble(m.last)).description(help)
        .register(registry);
  }

  /** Refreshes the samples from the run and every asset (asynchronously; failures leave the last sample). */
  void sample() {
    if (node.run() == null) {
      return;
    }
    AskPattern.<Run.Query, Run.Status>ask(node.run(), Run.GetStatus::new, ASK, node.system().scheduler())
        .thenAccept(s -> last = s);
    AskPattern.<Run.Query, Map<String, Boolean>>ask(node.run(), Run.GetAssets::new, ASK, node.system().scheduler())
        .thenAccept(ids -> ids.keySet().forEach(this::sampleAsset));
    AskPattern.<Run.Query, java.util.List<Run.Position>>ask(node.run(), Run.GetPositions::new, ASK,
        node.system().scheduler()).thenAccept(this::samplePositions);
  }

  private void sampleAsset(String id) {
    double[] values = assets.computeIfAbsent(id, this::registerAsset);
    node.asset(id).ask(AssetEntity.GetStatus::new, ASK).thenAccept(s -> {
      values[0] = s.breaker().ordinal();
      values[1] = s.lastTarget();
      values[2] = s.decisions();
      values[3] = s.strategyFailures();
      if (s.feed() != null) {
        values[12] = s.feed().accepted();
        values[13] = s.feed().stale();
        values[14] = s.feed().invalid();
        values[15] = s.feed().outOfOrder();
      }
    });
    node.book(id).thenAccept(b -> {
      values[4] = b.accepted();
      values[5] = b.fills();
      values[6] = b.rejections();
      values[7] = b.cancellations();
    });
  }

  private void samplePositions(java.util.List<Run.Position> positions) {
    for (Run.Position p : positions) {
      double[] values = assets.computeIfAbsent(p.asset(), this::registerAsset);
      values[8] = p.hedgeRatio();
      values[9] = Fixed.toDouble(p.pnl());
      values[10] = Fixed.toDouble(p.funding());
      values[11] = p.marginRatio();
    }
    PortfolioTotals totals = PortfolioTotals.of(positions);
    Run.Status s = last;
    book = new double[] {Fixed.toDouble(totals.funding()), Fixed.toDouble(totals.fees()), totals.grossExposure(),
        s == null ? Double.NaN : totals.leverage(s.equity())};
  }

  private double[] registerAsset(String id) {
    double[] values = new double[16];
    java.util.Arrays.fill(values, Double.NaN);
    assetGauge("fundarb_asset_breaker_state", "breaker: 0 closed, 1 open, 2 half-open", id, values, 0);
    assetGauge("fundarb_asset_target", "last approved target hedge ratio", id, values, 1);
    assetGauge("fundarb_asset_decisions", "decisions made", id, values, 2);
    assetGauge("fundarb_asset_strategy_failures", "strategy failures", id, values, 3);
    assetGauge("fundarb_asset_hedge_ratio", "current hedge ratio (exposure / max notional)", id, values, 8);
    assetGauge("fundarb_asset_pnl_usdt", "P&L since start, USDT", id, values, 9);
    assetGauge("fundarb_asset_funding_usdt", "funding earned, USDT", id, values, 10);
    assetGauge("fundarb_asset_margin_ratio", "perp maintenance margin over margin balance (0 flat)", id, values, 11);
    taggedGauges("fundarb_asset_orders", "order events by outcome", id, values, 4,
        "accepted", "filled", "rejected", "canceled");
    taggedGauges("fundarb_asset_ticks", "ticks the feed gate passed to the strategy or dropped, by outcome", id,
        values, 12, "accepted", "stale", "invalid", "out_of_order");
    return values;
  }

  private void taggedGauges(String name, String help, String id, double[] values, int firstSlot, String... outcomes) {
    for (int k = 0; k < outcomes.length; k++) {
      int slot = firstSlot + k;
      Gauge.builder(name, values, v -> v[slot]).description(help).tag("asset", id).tag("outcome", outcomes[k])
          .register(registry);
    }
  }

  private void assetGauge(String name, String help, String id, double[] values, int slot) {
    Gauge.builder(name, values, v -> v[slot]).description(help).tag("asset", id).register(registry);
  }
}
