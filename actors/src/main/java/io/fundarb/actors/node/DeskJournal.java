package io.fundarb.actors.node;

import io.fundarb.actors.serialization.Durable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The desk's durable memory: how far the replay clock got and every steering command (kill,
 * add/remove/pause/resume an asset, a risk limit, a model swap) with the step it took effect at. With the per-asset order
 * journals this is all a restarted node needs: it re-runs the deterministic venue to the
 * recorded step, re-applying the steering where it happened, and reconciles the orders.
 */
public final class DeskJournal extends EventSourcedBehavior<DeskJournal.Command, DeskJournal.Event, DeskJournal.Log> {
  public sealed interface Command {}

  public record Record(Event event) implements Command {}

  public record GetLog(ActorRef<Log> replyTo) implements Command {}

  public sealed interface Event extends Durable {}

  /** The replay clock completed this step. */
  public record Progressed(long step) implements Event {}

  /** A steering command that took effect at the start of {@code step}. */
  public record Steered(long step, Steering steering) implements Event {}

  /** What an operator (or the admin API) told the desk to do. */
  public sealed interface Steering extends Durable {}

  public record Kill(String reason) implements Steering {}

  public record AddAsset(String asset) implements Steering {}

  public record RemoveAsset(String asset) implements Steering {}

  public record PauseAsset(String asset, String reason) implements Steering {}

  public record ResumeAsset(String asset) implements Steering {}

  /** Target zero for the asset (working orders cancelled) until it is resumed. */
  public record FlattenAsset(String asset, String reason) implements Steering {}

  /** Every asset in SAFE mode: holds and reductions only. */
  public record PauseNode(String reason) implements Steering {}

  /** Lifts every asset's manual pause and flatten. */
  public record ResumeNode() implements Steering {}

  /** An operator's change to a tunable limit (see {@code TunableLimits}), in its key spelling. */
  public record SetLimit(String limit, double value) implements Steering {}

  /** Every asset runs {@code version} of {@code model} (from the node's policy library) from this step. */
  public record UseModel(String model, String version) implements Steering {}

  /** The recovered memory: the last completed step and the steering history in order. */
  public record Log(long lastStep, List<Steered> steering) implements Durable {
    static final Log EMPTY = new Log(0, List.of());

    public boolean isEmpty() {
      return lastStep == 0 && steering.isEmpty();
    }

    Log apply(Event event) {
      if (event instanceof Progressed p) {
        return new Log(Math.max(lastStep, p.step()), steering);
      }
      List<Steered> more = new ArrayList<>(steering);
      more.add((Steered) event);
      return new Log(lastStep, List.copyOf(more));
    }
  }

  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("desk");

  public static Behavior<Command> create() {
    return new DeskJournal();
  }

  private DeskJournal() {
    super(PERSISTENCE_ID, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  @Override
  public Log emptyState() {
    return Log.EMPTY;
  }

  @Override
  public CommandHandler<Command, Event, Log> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Record.class, (log, record) -> Effect().persist(record.event()))
        .onCommand(GetLog.class, (log, get) -> Effect().reply(get.replyTo(), log))
        .build();
  }

  @Override
  public EventHandler<Log, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Log::apply);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1_000, 2);
  }
}
