package io.fundarb.actors.asset;

import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A node's venue connection offered to the asset entities hosted on the cluster's other members
 * (they reach it through their {@link RemoteGateway}): one venue account, one connection, one
 * set of client order ids, wherever sharding places an asset. Registered with the receptionist
 * under the venue's key. An entity on the connection's own node uses the connection directly.
 *
 * <p>Blocking questions (what became of the orders in flight, the venue's holdings) are answered on
 * Pekko's blocking dispatcher, off the actor's thread: they wait for the asset's lane at the venue.
 */
public final class VenueGatewayActor {
  public sealed interface Command extends Durable {}

  /** The asset's outcomes go to {@code replyTo} from now on (see {@link OrderGateway#attach}). */
  public record Attach(int asset, long spot, long perp, int inFlight, ActorRef<RemoteGateway.Outcome> replyTo)
      implements Command {}

  public record Send(int asset, List<VenueRequest> requests, LegMarket spot, LegMarket perp) implements Command {
    public Send {
      requests = List.copyOf(requests); // an immutable list: Kryo writes the JDK's, not an ArrayList
    }
  }

  public record Resolve(int asset, long[] inFlight, ActorRef<Answer> replyTo) implements Command {}

  public record GetHolding(int asset, ActorRef<Answer> replyTo) implements Command {}

  /** A blocking question's answer: the reports or the holding asked for, or why there is none. */
  public record Answer(List<VenueReport> reports, Reconciliation.Holding holding, String error) implements Durable {
    public Answer {
      reports = List.copyOf(reports);
    }
  }

  private VenueGatewayActor() {}

  public static ServiceKey<Command> key(String venue) {
    return ServiceKey.create(Command.class, "venue-gateway-" + venue);
  }

  /** Offers {@code gateway} to the cluster as {@code venue}'s connection. */
  public static void offer(ActorSystem<?> system, String venue, OrderGateway gateway) {
    // the questions block until the asset's lane at the venue is free: on Pekko's blocking dispatcher,
    // never on the common pool (one thread on a 2-core machine) nor on the actor's own
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    ActorRef<Command> ref = system.systemActorOf(create(gateway, blocking), "venue-gateway-" + venue, Props.empty());
    system.receptionist().tell(Receptionist.register(key(venue), ref));
  }

  static Behavior<Command> create(OrderGateway gateway, Executor blocking) {
    return Behaviors.receive(Command.class)
        .onMessage(Attach.class, a -> onAttach(gateway, a))
        .onMessage(Send.class, s -> onSend(gateway, s))
        .onMessage(Resolve.class, r -> answer(r.replyTo(), () -> new Answer(gateway.resolve(r.asset(), r.inFlight()),
            null, null), blocking))
        .onMessage(GetHolding.class, h -> answer(h.replyTo(), () -> new Answer(List.of(), gateway.holding(h.asset()),
            null), blocking))
        .build();
  }

  private static Behavior<Command> onAttach(OrderGateway gateway, Attach a) {
    gateway.attach(a.asset(), a.spot(), a.perp(), a.inFlight(),
        reports -> a.replyTo().tell(new RemoteGateway.Reported(a.asset(), reports)),
        mismatch -> a.replyTo().tell(new RemoteGateway.Mismatched(a.asset(), mismatch)));
    return Behaviors.same();
  }

  private static Behavior<Command> onSend(OrderGateway gateway, Send s) {
    gateway.send(s.asset(), s.requests(), s.spot(), s.perp());
    return Behaviors.same();
  }

  private static Behavior<Command> answer(ActorRef<Answer> replyTo, Supplier<Answer> question, Executor blocking) {
    CompletableFuture.supplyAsync(question, blocking).whenComplete((answer, error) -> replyTo.tell(error == null ? answer
        : new Answer(List.of(), null, String.valueOf(error.getCause() != null ? error.getCause() : error))));
    return Behaviors.same();
  }
}
