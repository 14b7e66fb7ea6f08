package io.fundarb.ops.alert;

import com.typesafe.config.Config;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.node.Run;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.streams.market.FeedEvent;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.streams.xchange.LiveFeed;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's alerting: node, asset and feed events become {@link Alert}s, pass the
 * de-duplication and rate {@link AlertGate}, are logged, kept for {@code GET /alerts} and the
 * dashboard, and posted to the webhook when one is configured.
 */
public final class Alerts implements AutoCloseable {
  /** The webhook URL may also come from this variable (it is a secret: keep it out of config files). */
  public static final String WEBHOOK_ENV = "FUNDARB_ALERT_WEBHOOK_URL";
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  private static final int RECENT = 50;

  /** An alert and what the gate made of it. */
  public record Raised(Alert alert, AlertGate.Outcome outcome, long repeats) {}

  private final AlertGate gate;
  private final RestartStorm storms;
  private final WebhookSink webhook;
  private final LongSupplier clock;
  private final ArrayDeque<Raised> recent = new ArrayDeque<>(RECENT);
  private final Map<AlertGate.Outcome, AtomicLong> counts = new EnumMap<>(AlertGate.Outcome.class);

  public Alerts(AlertGate gate, int stormRestarts, long stormWindowMs, WebhookSink webhook, LongSupplier clock) {
    this.gate = gate;
    this.storms = new RestartStorm(stormRestarts, stormWindowMs);
    this.webhook = webhook;
    this.clock = clock;
    for (AlertGate.Outcome o : AlertGate.Outcome.values()) {
      counts.put(o, new AtomicLong());
    }
  }

  /** Log and list only (no webhook), with the reference defaults: for embedded and test nodes. */
  public static Alerts logOnly() {
    return new Alerts(new AlertGate(300_000, 20), 5, 60_000, null, System::currentTimeMillis);
  }

  /** From {@code fundarb.alerts}; the webhook URL from the environment wins over the file. */
  public static Alerts fromConfig(Config alerts, Map<String, String> env, String node) {
    String url = env.getOrDefault(WEBHOOK_ENV, alerts.getString("webhook-url")).strip();
    WebhookSink webhook = null;
    if (!url.isEmpty()) {
      WebhookSink.Format format;
      try {
        format = WebhookSink.Format.valueOf(alerts.getString("format").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("fundarb.alerts.format must be generic or slack, got "
            + alerts.getString("format"));
      }
      webhook = new WebhookSink(URI.create(url), format, node, new RetryDelay(
          alerts.getDuration("retry-backoff").toMillis(), alerts.getDuration("retry-backoff-max").toMillis(),
          alerts.getInt("max-attempts")));
    }
    return new Alerts(new AlertGate(alerts.getDuration("dedupe-window").toMillis(), alerts.getInt("max-per-minute")),
        alerts.getInt("restart-storm.restarts"), alerts.getDuration("restart-storm.window").toMillis(), webhook,
        System::currentTimeMillis);
  }

  /** Listens to the node's asset and run events on the system event stream. */
  public void subscribe(ActorSystem<?> system) {
    ActorRef<Object> listener = system.systemActorOf(Behaviors.receive(Object.class).onAnyMessage(event -> {
      if (event instanceof AssetEntity.AssetEvent a) {
        AlertMapping.of(a, clock.getAsLong()).ifPresent(this::raise);
      } else if (event instanceof Run.Event d) {
        AlertMapping.of(d, clock.getAsLong()).ifPresent(this::raise);
      }
      return Behaviors.same();
    }).build(), "alerts", Props.empty());
    system.eventStream().tell(new EventStream.Subscribe<>(AssetEntity.AssetEvent.class, listener.narrow()));
    system.eventStream().tell(new EventStream.Subscribe<>(Run.Event.class, listener.narrow()));
  }

  /** A feed's health event (stale / live again). */
  public void onFeed(FeedEvent event) {
    AlertMapping.of(event, clock.getAsLong()).ifPresent(this::raise);
  }

  /** A market-data stream reconnected; enough of them in the window is a restart storm. */
  public void onStreamRestart(String stream) {
    long now = clock.getAsLong();
    raise(AlertMapping.disconnected(stream, now));
    if (storms.onRestart(stream, now)) {
      raise(AlertMapping.restartStorm(stream, storms.restarts(), storms.windowMs(), now));
    }
  }

  /** The live feed's connections and health as alerts: every restart of a leg's websocket, stale and live streams. */
  public LiveFeed.Listener feedListener() {
    return new LiveFeed.Listener() {
      @Override
      public void onConnect(Leg leg, long attempt) {
        if (attempt > 1) {
          onStreamRestart(leg.name().toLowerCase(Locale.ROOT) + " websocket");
        }
      }

      @Override
      public void onHealth(FeedEvent event) {
        onFeed(event);
      }
    };
  }

  public void raise(Alert alert) {
    AlertGate.Admission admission = gate.admit(alert, alert.timeMs());
    counts.get(admission.outcome()).incrementAndGet();
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.pollFirst();
      }
      recent.addLast(new Raised(alert, admission.outcome(), admission.repeats()));
    }
    if (admission.outcome() != AlertGate.Outcome.SEND) {
      return;
    }
    if (alert.severity() == Alert.Severity.INFO) {
      LOG.info("ALERT {} {}: {}", alert.kind(), alert.subject(), alert.summary());
    } else {
      LOG.warn("ALERT {} {} {}: {}", alert.severity(), alert.kind(), alert.subject(), alert.summary());
    }
    if (webhook != null) {
      webhook.send(alert, admission.repeats());
    }
  }

  /** The last alerts raised, newest last, with what the gate decided. */
  public List<Raised> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public long count(AlertGate.Outcome outcome) {
    return counts.get(outcome).get();
  }

  public Optional<WebhookSink> webhook() {
    return Optional.ofNullable(webhook);
  }

  @Override
  public void close() {
    if (webhook != null) {
      webhook.close();
    }
  }
}
