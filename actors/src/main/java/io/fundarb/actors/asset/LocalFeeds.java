package io.fundarb.actors.asset;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The feed actors of the asset entities running on this node, so that a market step produced on
 * this node reaches its asset in one hand-off instead of three (shard region, shard, entity). An
 * entity opens its route once its journal is read back and closes it before it stops (a move, a
 * rebalance, the node leaving); {@link MarketRouter} uses an open route and sharding otherwise,
 * which buffers steps while an entity starts or moves.
 */
public final class LocalFeeds implements Extension {
  private static final ExtensionId<LocalFeeds> ID = new ExtensionId<>() {
    @Override
    public LocalFeeds createExtension(ActorSystem<?> system) {
      return new LocalFeeds();
    }
  };

  /**
   * One entity's feed. {@code forwarded} is the number of the last step the entity itself passed
   * to the feed (one that came through sharding): a sender may go direct once it has seen every
   * step it sent through sharding forwarded, so steps never overtake one another.
   */
  public static final class Route {
    final ActorRef<FeedActor.Command> feed;
    volatile long forwarded;
    volatile boolean closed;

    Route(ActorRef<FeedActor.Command> feed, long forwarded) {
      this.feed = feed;
      this.forwarded = forwarded;
    }
  }

  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

  private LocalFeeds() {
  }

  public static LocalFeeds get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  Route open(String asset, ActorRef<FeedActor.Command> feed, long forwarded) {
    Route route = new Route(feed, forwarded);
    routes.put(asset, route);
    return route;
  }

  /** Closed first, then removed: a sender that reads {@code closed} after its send knows to send again. */
  void close(String asset, Route route) {
    route.closed = true;
    routes.remove(asset, route);
  }

  Route route(String asset) {
    return routes.get(asset);
  }
}
