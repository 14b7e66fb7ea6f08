package io.fundarb.actors.asset;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.live.OrderGateway;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What every asset hosted on this node reaches outside its own hierarchy: its venue account's actor
 * (a cluster singleton; this is its proxy; one per venue when the node runs a portfolio of venue
 * accounts) and, on a node trading on a connected venue, that venue's connection. Set by the node
 * before any asset entity starts.
 */
public final class TradingLinks implements Extension {
  private static final String ANY_VENUE = "*";
  private static final ExtensionId<TradingLinks> ID = new ExtensionId<>() {
    @Override
    public TradingLinks createExtension(ActorSystem<?> system) {
      return new TradingLinks();
    }
  };

  private volatile Map<String, ActorRef<AccountActor.Command>> accounts;
  private volatile OrderGateway gateway;

  public static TradingLinks get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** One venue account: every asset on the node trades in it. */
  public void link(ActorRef<AccountActor.Command> account, OrderGateway gateway) {
    link(Map.of(ANY_VENUE, account), gateway);
  }

  /** Several venue accounts (a portfolio): each asset trades in its venue's, by the venue in its id. */
  public void link(Map<String, ActorRef<AccountActor.Command>> byVenue, OrderGateway gateway) {
    this.accounts = Map.copyOf(byVenue);
    this.gateway = gateway;
  }

  /** The account {@code asset} (an id such as BYBIT:BTCUSDT) trades in. */
  public ActorRef<AccountActor.Command> account(String asset) {
    Map<String, ActorRef<AccountActor.Command>> linked = accounts;
    if (linked == null) {
      throw new IllegalStateException("the node has not linked its account yet");
    }
    ActorRef<AccountActor.Command> only = linked.get(ANY_VENUE);
    if (only != null) {
      return only;
    }
    ActorRef<AccountActor.Command> account = linked.get(AssetId.parse(asset).venue());
    if (account == null) {
      throw new IllegalArgumentException("no account on this node for the venue of " + asset);
    }
    return account;
  }

  /** The connected venue's connection, or null on a node that trades on the simulated venue. */
  public OrderGateway gateway() {
    return gateway;
  }
}
