package io.fundarb.streams.loopback;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The websocket side of the loopback venue: Binance's combined-stream endpoint for spot
 * ({@code /spot/stream?streams=a/b}) and USDT-M futures ({@code /futures/stream?streams=...}),
 * on 127.0.0.1. Which frames a connection gets is up to the {@code feed}: given the market and
 * the subscribed stream names, the text frames to send (in Binance's
 * {@code {"stream":..,"data":..}} envelope). Incoming client messages (pings are handled by the
 * server itself) are ignored.
 */
public final class LoopbackMarketServer extends AllDirectives {
  /** The frames for one connection: market ("spot" or "futures") and stream names → text frames. */
  public interface Feed extends BiFunction<String, List<String>, Source<String, ?>> {}

  private final Feed feed;
  private final VenueFaults faults;
  private final VenueFaults.Injected injected;
  private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();

  LoopbackMarketServer(Feed feed, VenueFaults faults, VenueFaults.Injected injected) {
    this.feed = feed;
    this.faults = faults;
    this.injected = injected;
  }

  /** Binds on 127.0.0.1:{@code port} (0 = any free port). */
  public static CompletionStage<ServerBinding> start(ClassicActorSystemProvider system, int port, Feed feed) {
    return Http.get(system).newServerAt("127.0.0.1", port).withSettings(LoopbackVenue.noDelay(system))
        .bind(new LoopbackMarketServer(feed, VenueFaults.NONE,
        new VenueFaults.Injected()).route());
  }

  Route route() {
    return concat(market("spot"), market("futures"));
  }

  private Route market(String market) {
    return pathPrefix(market, () -> path("stream", () -> parameter("streams", streams ->
        handleWebSocketMessages(connection(market, Arrays.asList(streams.split("/")))))));
  }

  /** Websocket connections opened so far (any market). */
  long connections() {
    return connections.get();
  }

  private Flow<Message, Message, ?> connection(String market, List<String> streams) {
    connections.incrementAndGet();
    Source<Message, ?> out = feed.apply(market, streams).via(faults.frames(injected))
        .map(text -> (Message) TextMessage.create(text));
    return Flow.fromSinkAndSource(Sink.ignore(), out);
  }
}
