package io.fundarb.streams.xchange;

import com.fasterxml.jackson.databind.JsonNode;
import info.bitrich.xchangestream.binance.BinanceStreamingService;
import info.bitrich.xchangestream.binance.KlineSubscription;
import info.bitrich.xchangestream.core.ProductSubscription;
import info.bitrich.xchangestream.service.netty.NettyStreamingService;
import io.fundarb.streams.market.DropReason;
import io.fundarb.streams.market.Drops;
import io.fundarb.streams.market.Frame;
import io.fundarb.engine.instrument.Leg;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Observable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.event.Logging;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Market-data frames from a Binance-protocol websocket through XChange Stream's client
 * ({@link BinanceStreamingService}: netty, ping/pong, combined-stream routing), as a Pekko
 * Source. The client's raw channels are used, not its DTOs: the JSON tree it parsed to route the
 * frame is handed on as it is (one parse per frame), and reading and validating it stays in
 * {@link io.fundarb.streams.market.MarketGraph}, where a bad frame is a counted drop rather than
 * an error in the client's pipeline.
 *
 * <p>One materialization is one connection; a disconnect ends it with an error so that
 * {@link #resilient} reconnects with backoff (XChange's own reconnect is off: one mechanism).
 * The hand-over is a bounded buffer that drops the oldest frame when the consumer falls behind,
 * counted as {@link DropReason#OVERFLOW}.
 */
public final class XChangeMarketSource {
  private static final Logger LOG = LoggerFactory.getLogger(XChangeMarketSource.class);
  /** Netty's frame limit; larger frames are the client's protocol error, not data. */
  public static final int MAX_FRAME_BYTES = 1 << 20;

  private XChangeMarketSource() {}

  /**
   * @param baseUri the websocket base, e.g. {@code wss://stream.binance.com/} or a loopback venue's
   *     {@code ws://127.0.0.1:8900/spot/}
   * @param streams Binance stream names, e.g. {@code btcusdt@bookTicker}, {@code btcusdt@markPrice}
   */
  public static Source<Frame, NotUsed> connect(String baseUri, Leg leg, List<String> streams, int buffer, Drops drops,
      LongSupplier clock) {
    return Source.lazySource(() -> {
      BinanceStreamingService service = new BinanceStreamingService(
          baseUri + "stream?streams=" + String.join("/", streams), ProductSubscription.create().build(),
          new KlineSubscription(Map.of()), MAX_FRAME_BYTES, NettyStreamingService.DEFAULT_CONNECTION_TIMEOUT,
          NettyStreamingService.DEFAULT_RETRY_DURATION, NettyStreamingService.DEFAULT_IDLE_TIMEOUT) {
        /** The client would log a frame that is not JSON and lose it uncounted: here it is a counted drop. */
        @Override
        public void messageHandler(String message) {
          JsonNode node;
          try {
            node = objectMapper.readTree(message);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            drops.drop(DropReason.MALFORMED, "not JSON from " + baseUri + ": " + e.getOriginalMessage());
            return;
          }
          if (node.isArray() && processArrayMessageSeparately()) {
            node.forEach(this::handleMessage);
          } else {
            handleMessage(node);
          }
        }
      };
      service.setAutoReconnect(false);
      Observable<Frame> frames = Observable.fromIterable(streams)
          .flatMap(stream -> service.subscribeChannel(stream))
          .map(node -> Frame.parsed(leg, node, clock.getAsLong())); // parsed once, by the client
      Observable<Frame> disconnects = service.subscribeDisconnect()
          .flatMap(any -> Observable.error(new IOException("websocket " + baseUri + " disconnected")));
      return Source.fromPublisher(service.connect()
          .andThen(Observable.merge(frames, disconnects))
          .toFlowable(BackpressureStrategy.MISSING)
          .onBackpressureBuffer(buffer, () -> drops.drop(DropReason.OVERFLOW, "consumer behind on " + baseUri),
              BackpressureOverflowStrategy.DROP_OLDEST)
          .doFinally(() -> service.disconnect().onErrorComplete().subscribe()));
    }).mapMaterializedValue(any -> NotUsed.getInstance());
  }

  /** {@link #connect}, restarted with exponential backoff (and jitter) whenever it ends or fails. */
  public static Source<Frame, NotUsed> resilient(Duration minBackoff, Duration maxBackoff, double jitter,
      String baseUri, Leg leg, List<String> streams, int buffer, Drops drops, LongSupplier clock) {
    return resilient(minBackoff, maxBackoff, jitter, baseUri, leg, streams, buffer, drops, clock, () -> {}, () -> {});
  }

  /**
   * As above; {@code onConnect} runs before every connection attempt (the first and each restart),
   * {@code onDisconnect} whenever one ends (failed, closed, or stopped).
   */
  public static Source<Frame, NotUsed> resilient(Duration minBackoff, Duration maxBackoff, double jitter,
      String baseUri, Leg leg, List<String> streams, int buffer, Drops drops, LongSupplier clock, Runnable onConnect,
      Runnable onDisconnect) {
    // a lost connection is one line (below), not Pekko's warning with the cause's stack trace per restart
    RestartSettings settings = RestartSettings.create(minBackoff, maxBackoff, jitter)
        .withLogSettings(RestartSettings.createLogSettings(Logging.DebugLevel()));
    return RestartSource.withBackoff(settings, () -> {
      onConnect.run();
      return connect(baseUri, leg, streams, buffer, drops, clock).watchTermination((notUsed, ended) -> {
        ended.whenComplete((done, error) -> {
          if (error != null) {
            LOG.warn("{} market stream lost ({}): reconnecting with backoff", leg, error.getMessage());
          }
          onDisconnect.run();
        });
        return notUsed;
      });
    });
  }
}
