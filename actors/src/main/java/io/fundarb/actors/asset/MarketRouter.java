package io.fundarb.actors.asset;

import io.fundarb.engine.market.MarketStep;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * Hands each asset's market steps to its entity, numbered per asset: straight to the entity's feed
 * actor when the entity runs on this node ({@link LocalFeeds}), through sharding otherwise. It goes
 * direct only once the entity has forwarded every step sent through sharding, so a step never
 * overtakes an earlier one; a step sent to a route that closed meanwhile (the entity stopping to
 * move) is sent again through sharding, which delivers it to the entity's next incarnation.
 *
 * <p>Not thread-safe: one thread sends an asset's steps (a live feed's stream, a benchmark's loop).
 */
public final class MarketRouter {
  private final LocalFeeds feeds;
  private final Function<String, ? extends RecipientRef<AssetEntity.Command>> sharded;
  private final String[] ids;
  private final long[] sent;
  private final LocalFeeds.Route[] direct;

  /** @param ids the entity id of each asset, by the index steps are delivered with */
  public MarketRouter(LocalFeeds feeds, Function<String, ? extends RecipientRef<AssetEntity.Command>> sharded,
      List<String> ids) {
    this.feeds = feeds;
    this.sharded = sharded;
    this.ids = ids.toArray(String[]::new);
    this.sent = new long[this.ids.length];
    this.direct = new LocalFeeds.Route[this.ids.length];
  }

  /** The asset's next step; its number is one more than the last one's (the first is 1). */
  public void deliver(int asset, MarketStep step) {
    long number = ++sent[asset];
    LocalFeeds.Route route = feeds.route(ids[asset]);
    if (route != null && (route == direct[asset] || route.forwarded == number - 1)) {
      direct[asset] = route;
      route.feed.tell(new FeedActor.Market(number, step));
      if (!route.closed) {
        return;
      }
    }
    direct[asset] = null;
    sharded.apply(ids[asset]).tell(new AssetEntity.Market(number, step));
  }
}
