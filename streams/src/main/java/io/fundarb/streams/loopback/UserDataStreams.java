package io.fundarb.streams.loopback;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Binance's user-data streams on the loopback venue, one per market ("spot", "futures"): a listen
 * key is opened over REST (an account holds one per market; opening again returns it and extends
 * it), kept alive within its validity (60 minutes on Binance) and closed; a websocket on
 * {@code /<market>/ws/<listenKey>} receives the account's events as the venue makes them. A key not
 * kept alive expires: its connections get {@code listenKeyExpired} and are closed, and it is
 * unknown from then on (-1125). A connection too slow for its events loses its oldest ones, as a
 * venue drops a slow consumer; the client resyncs over REST.
 */
final class UserDataStreams {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BUFFER = 4_096;

  /** An open listen key: its market and when it lapses unless kept alive. */
  private static final class Key {
    final String market;
    volatile long expiresAt;
    final List<SourceQueueWithComplete<String>> connections = new CopyOnWriteArrayList<>();

    Key(String market, long expiresAt) {
      this.market = market;
      this.expiresAt = expiresAt;
    }
  }

  private final LongSupplier clock;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private volatile Duration validity = Duration.ofMinutes(60);
  private volatile Duration expiryCheck = Duration.ofSeconds(1);

  UserDataStreams(LongSupplier clock) {
    this.clock = clock;
  }

  /** How long a key lives without a keep-alive, and how often connections look (tests shorten both). */
  void validity(Duration lifetime, Duration check) {
    this.validity = lifetime;
    this.expiryCheck = check;
  }

  /** The market's open key, extended, or a new one. */
  synchronized String open(String market) {
    for (Map.Entry<String, Key> e : keys.entrySet()) {
      if (e.getValue().market.equals(market) && !expired(e.getValue())) {
        e.getValue().expiresAt = clock.getAsLong() + validity.toMillis();
        return e.getKey();
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = HexFormat.of().formatHex(bytes);
    keys.put(key, new Key(market, clock.getAsLong() + validity.toMillis()));
    return key;
  }

  /** Extends {@code key} (the market's open key when null, as futures' keep-alive names none). */
  synchronized String keepAlive(String market, String key) {
    String name = key != null ? key : current(market);
    Key k = live(market, name);
    k.expiresAt = clock.getAsLong() + validity.toMillis();
    return name;
  }

  /** Closes {@code key} (the market's open key when null): its connections end. */
  synchronized void close(String market, String key) {
    String name = key != null ? key : current(market);
    live(market, name);
    keys.remove(name).connections.forEach(SourceQueueWithComplete::complete);
  }

  /** The account event {@code json} to every connection of the market's live keys. */
  void publish(String market, String json) {
    for (Key k : keys.values()) {
      if (k.market.equals(market) && !expired(k)) {
        k.connections.forEach(c -> c.offer(json));
      }
    }
  }

  /**
   * What a websocket on {@code key} receives: the market's events from now on, then
   * {@code listenKeyExpired} and the end if the key lapses. An unknown key gets the venue's error
   * frame and the end, as Binance closes such a connection.
   */
  Source<String, NotUsed> connect(String market, String key) {
    Key k = keys.get(key);
    if (k == null || !k.market.equals(market) || expired(k)) {
      return Source.single("{\"code\":-1125,\"msg\":\"This listenKey does not exist.\"}");
    }
    Source<String, NotUsed> events = Source.<String>queue(BUFFER, OverflowStrategy.dropHead())
        .mapMaterializedValue(queue -> {
          k.connections.add(queue);
          queue.watchCompletion().whenComplete((done, failure) -> k.connections.remove(queue));
          return NotUsed.getInstance();
        });
    Source<String, NotUsed> lapse = Source.tick(expiryCheck, expiryCheck, "")
        .filter(tick -> expired(k))
        .map(tick -> "{\"e\":\"listenKeyExpired\",\"E\":" + clock.getAsLong() + ",\"listenKey\":\"" + key + "\"}")
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    // eager: a closed key completes its events, which ends the connection
    return events.merge(lapse, true).takeWhile(text -> !text.startsWith("{\"e\":\"listenKeyExpired\""), true)
        .watchTermination((mat, done) -> {
          if (expired(k)) {
            keys.remove(key, k);
          }
          return mat;
        });
  }

  private String current(String market) {
    return keys.entrySet().stream().filter(e -> e.getValue().market.equals(market) && !expired(e.getValue()))
        .map(Map.Entry::getKey).findFirst().orElse("");
  }

  private Key live(String market, String name) {
    Key k = keys.get(name);
    if (k == null || !k.market.equals(market) || expired(k)) {
      throw VenueError.badRequest(-1125, "This listenKey does not exist.");
    }
    return k;
  }

  private boolean expired(Key k) {
    return clock.getAsLong() >= k.expiresAt;
  }
}
