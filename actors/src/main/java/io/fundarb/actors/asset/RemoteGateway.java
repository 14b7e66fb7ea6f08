package io.fundarb.actors.asset;

import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.live.OrderGateway;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The venue connection as the asset entities on a member without one see it: every call goes to
 * the {@link VenueGatewayActor} a connected node offers for the venue (found through the
 * receptionist), and each attached asset's outcomes come back here. A cluster trading on a
 * connected venue has one connection (the run's node) and any number of members hosting assets;
 * an asset moved to a member keeps trading through the same account and client ids.
 *
 * <p>Calls made before the connection is found (a member started before the run's node, or an
 * asset starting while the listing spreads) wait for it, in order, up to {@link #HELD} of them. A
 * connection that changes (the run's node restarted) is told again about every asset attached here,
 * with what its books held when it attached: an asset that traded since is then found to differ at
 * the venue and trips its breaker rather than trading on a stale view (restart the member instead).
 */
public final class RemoteGateway implements OrderGateway {
  /** How long a blocking question (orders in flight, holdings) may wait: behind the asset's lane at the venue. */
  private static final Duration ANSWER = Duration.ofSeconds(60);

  /** Calls held while no connection is listed; beyond this they are dropped (logged, counted in the log). */
  static final int HELD = 10_000;

  sealed interface Command {}

  /** What an attached asset hears from the connection, on the member hosting it. */
  public sealed interface Outcome extends Command, Durable {}

  public record Reported(int asset, List<VenueReport> reports) implements Outcome {
    public Reported {
      reports = List.copyOf(reports); // an immutable list: Kryo writes the JDK's, not an ArrayList
    }
  }

  public record Mismatched(int asset, Reconciliation.Mismatch mismatch) implements Outcome {}

  private record Listen(VenueGatewayActor.Attach attach, Consumer<List<VenueReport>> reports,
      Consumer<Reconciliation.Mismatch> mismatches) implements Command, NoSerializationVerificationNeeded {}

  private record Forward(VenueGatewayActor.Command command) implements Command, NoSerializationVerificationNeeded {}

  private record Listed(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {}

  private final ActorSystem<?> system;
  private final ActorRef<Command> link;

  private RemoteGateway(ActorSystem<?> system, ActorRef<Command> link) {
    this.system = system;
    this.link = link;
  }

  /** The connection {@code venue}'s connected node offers, reached from this node. */
  public static RemoteGateway start(ActorSystem<?> system, String venue) {
    return new RemoteGateway(system, system.systemActorOf(Behaviors.setup(context -> new Link(context, venue)
        .behavior()), "venue-gateway-link-" + venue, Props.empty()));
  }

  @Override
  public void attach(int asset, long spot, long perp, int inFlight, Consumer<List<VenueReport>> reports,
      Consumer<Reconciliation.Mismatch> mismatches) {
    link.tell(new Listen(new VenueGatewayActor.Attach(asset, spot, perp, inFlight, link.narrow()), reports,
        mismatches));
  }

  @Override
  public void send(int asset, List<VenueRequest> requests, LegMarket spot, LegMarket perp) {
    link.tell(new Forward(new VenueGatewayActor.Send(asset, requests, spot, perp)));
  }

  @Override
  public List<VenueReport> resolve(int asset, long[] inFlight) {
    return ask(reply -> new VenueGatewayActor.Resolve(asset, inFlight, reply)).reports();
  }

  @Override
  public Reconciliation.Holding holding(int asset) {
    return ask(reply -> new VenueGatewayActor.GetHolding(asset, reply)).holding();
  }

  private VenueGatewayActor.Answer ask(
      Function<ActorRef<VenueGatewayActor.Answer>, VenueGatewayActor.Command> question) {
    VenueGatewayActor.Answer answer;
    try {
      answer = AskPattern.<Command, VenueGatewayActor.Answer>ask(link, reply -> new Forward(question.apply(reply)),
          ANSWER, system.scheduler()).toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause() instanceof TimeoutException
          ? "the venue connection (the run's node) did not answer within " + ANSWER.toSeconds() + " s"
          : String.valueOf(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the venue connection", e);
    }
    if (answer.error() != null) {
      throw new IllegalStateException(answer.error());
    }
    return answer;
  }

  /** The actor holding the connection's current address, the attached assets' consumers and the held calls. */
  private static final class Link {
    private final ActorContext<Command> context;
    private final String venue;
    private final Map<Integer, Listen> listening = new HashMap<>();
    private final ArrayDeque<VenueGatewayActor.Command> held = new ArrayDeque<>();
    private ActorRef<VenueGatewayActor.Command> gateway;
    private long dropped;

    Link(ActorContext<Command> context, String venue) {
      this.context = context;
      this.venue = venue;
      context.getSystem().receptionist().tell(Receptionist.subscribe(VenueGatewayActor.key(venue),
          context.messageAdapter(Receptionist.Listing.class, Listed::new)));
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Listen.class, this::onListen)
          .onMessage(Forward.class, f -> deliver(f.command()))
          .onMessage(Listed.class, this::onListed)
          .onMessage(Reported.class, r -> hear(r.asset(), l -> l.reports().accept(r.reports())))
          .onMessage(Mismatched.class, m -> hear(m.asset(), l -> l.mismatches().accept(m.mismatch())))
          .build();
    }

    private Behavior<Command> onListen(Listen listen) {
      listening.put(listen.attach().asset(), listen);
      return deliver(listen.attach());
    }

    private Behavior<Command> onListed(Listed listed) {
      var found = listed.listing().getServiceInstances(VenueGatewayActor.key(venue));
      ActorRef<VenueGatewayActor.Command> now = found.isEmpty() ? null : found.iterator().next();
      if (now != null && gateway != null && !now.equals(gateway)) {
        context.getLog().warn("the {} venue connection moved to {}: telling it again about the {} asset(s) hosted here",
            venue, now.path().address(), listening.size());
        listening.values().forEach(l -> now.tell(l.attach()));
      } else if (now == null && gateway != null) {
        context.getLog().warn("the {} venue connection is gone (its node left the cluster): the assets hosted here"
            + " hold their orders until it is back", venue);
      }
      gateway = now;
      while (gateway != null && !held.isEmpty()) {
        gateway.tell(held.poll());
      }
      return Behaviors.same();
    }

    private Behavior<Command> deliver(VenueGatewayActor.Command command) {
      if (gateway != null) {
        gateway.tell(command);
      } else if (held.size() < HELD) {
        held.add(command);
      } else {
        dropped++;
        context.getLog().error("no {} venue connection in the cluster and {} calls already held: dropped {}"
            + " ({} in all)", venue, HELD, command.getClass().getSimpleName(), dropped);
      }
      return Behaviors.same();
    }

    private Behavior<Command> hear(int asset, Consumer<Listen> tell) {
      Listen l = listening.get(asset);
      if (l == null) {
        context.getLog().error("{} venue outcome for asset {}, which no order actor here attached", venue, asset);
      } else {
        tell.accept(l);
      }
      return Behaviors.same();
    }
  }
}
