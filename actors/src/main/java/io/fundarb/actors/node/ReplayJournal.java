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
 * A replay's durable memory: how far its clock got and every steering command with the step it
 * took effect at. With the assets' order journals this is all a resumed replay needs: it re-runs the
 * deterministic venue to the recorded step, re-applying the steering where it happened.
 */
public final class ReplayJournal extends EventSourcedBehavior<ReplayJournal.Command, ReplayJournal.Event, Run.Log> {
  /** Local to this node (never sent to another): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  public record Record(Event event) implements Command {}

  public record GetLog(ActorRef<Run.Log> replyTo) implements Command {}

  public sealed interface Event extends Durable {}

  /** The replay clock completed this step. */
  public record Progressed(long step) implements Event {}

  public record SteeredAt(Run.Steered steered) implements Event {}

  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("replay");

  public static Behavior<Command> create() {
    return new ReplayJournal();
  }

  private ReplayJournal() {
    super(PERSISTENCE_ID, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  @Override
  public Run.Log emptyState() {
    return Run.Log.EMPTY;
  }

  @Override
  public CommandHandler<Command, Event, Run.Log> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Record.class, (log, record) -> Effect().persist(record.event()))
        .onCommand(GetLog.class, (log, get) -> Effect().reply(get.replyTo(), log))
        .build();
  }

  @Override
  public EventHandler<Run.Log, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Progressed.class, (log, p) -> new Run.Log(Math.max(log.lastStep(), p.step()), log.steering()))
        .onEvent(SteeredAt.class, (log, s) -> {
          List<Run.Steered> more = new ArrayList<>(log.steering());
          more.add(s.steered());
          return new Run.Log(log.lastStep(), List.copyOf(more));
        })
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1_000, 2);
  }
}
