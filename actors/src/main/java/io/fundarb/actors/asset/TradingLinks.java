package io.fundarb.actors.asset;

import io.fundarb.actors.account.AccountActor;
import io.fundarb.engine.live.OrderGateway;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What every asset hosted on this node reaches outside its own hierarchy: the account actor (a
 * cluster singleton; this is its proxy) and, on a node trading on a connected venue, that venue's
 * connection. Set by the node before any asset entity starts.
 */
public final class TradingLinks implements Extension {
  private static final ExtensionId<TradingLinks> ID = new ExtensionId<>() {
    @Override
    public TradingLinks createExtension(ActorSystem<?> system) {
      return new TradingLinks();
    }
  };

  private volatile ActorRef<AccountActor.Command> account;
  private volatile OrderGateway gateway;

  public static TradingLinks get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public void link(ActorRef<AccountActor.Command> account, OrderGateway gateway) {
    this.account = account;
    this.gateway = gateway;
  }

  public ActorRef<AccountActor.Command> account() {
    if (account == null) {
      throw new IllegalStateException("the node has not linked its account yet");
    }
    return account;
  }

  /** The connected venue's connection, or null on a node that trades on the simulated venue. */
  public OrderGateway gateway() {
    return gateway;
  }
}
