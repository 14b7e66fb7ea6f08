package io.fundarb.actors.asset;

import io.fundarb.actors.serialization.Durable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The asset's durable order book: every order the account sends for the asset, its fills,
 * rejections and cancellations, and the asset's breaker transitions, event-sourced so that a
 * restarted node knows which orders were in flight (and reconciles them with the venue) and
 * which breakers were open. One instance per asset, persistence id {@code orders|<asset>}.
 */
public final class OrderActor extends EventSourcedBehavior<OrderActor.Command, OrderActor.Event, OrderActor.Book> {
  public sealed interface Command {}

  /** Journal this execution report (sent by the account as reports arrive). */
  public record Record(Event event) implements Command {}

  public record GetBook(ActorRef<Book> replyTo) implements Command {}

  public sealed interface Event extends Durable {}

  /** An execution report from the venue (the breaker transitions are the other events). */
  public sealed interface OrderEvent extends Event {}

  public record Accepted(long orderId, String instrument, long time) implements OrderEvent {}

  /** A (partial) fill: Fixed quantity (signed, + = buy), price and fee. */
  public record Filled(long orderId, String instrument, long time, long signedQuantity, long price, long fee,
      boolean complete) implements OrderEvent {}

  public record Rejected(long orderId, String instrument, long time, String reason) implements OrderEvent {}

  public record Canceled(long orderId, String instrument, long time, String reason) implements OrderEvent {}

  public record BreakerChanged(String state, long time) implements Event {}

  /**
   * The order events in journal order, as a count and a running FNV-1a digest of their text, so
   * that a restarted node can check that what it rebuilds from the venue starts with exactly what
   * the journal holds (nothing lost, nothing twice) without reading the journal back.
   */
  public record Trail(long events, long digest) implements Durable {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    public static final Trail EMPTY = new Trail(0, FNV_OFFSET);

    public Trail then(OrderEvent event) {
      long h = digest;
      for (byte b : event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * FNV_PRIME;
      }
      return new Trail(events + 1, h);
    }
  }

  /**
   * What the journal knows: orders still working (id → instrument), counts, the breaker state and
   * the trail of order events.
   */
  public record Book(Map<Long, String> open, long accepted, long fills, long rejections, long cancellations,
      String breaker, Trail trail) implements Durable {
    static Book empty() {
      return new Book(Map.of(), 0, 0, 0, 0, "CLOSED", Trail.EMPTY);
    }

    Book apply(Event event) {
      if (event instanceof BreakerChanged b) {
        return new Book(open, accepted, fills, rejections, cancellations, b.state(), trail);
      }
      Trail next = trail.then((OrderEvent) event);
      if (event instanceof Accepted a) {
        return new Book(with(open, a.orderId(), a.instrument()), accepted + 1, fills, rejections, cancellations,
            breaker, next);
      } else if (event instanceof Filled f) {
        Map<Long, String> left = f.complete() ? without(open, f.orderId()) : open;
        return new Book(left, accepted, fills + 1, rejections, cancellations, breaker, next);
      } else if (event instanceof Rejected r) {
        return new Book(without(open, r.orderId()), accepted, fills, rejections + 1, cancellations, breaker, next);
      }
      Canceled c = (Canceled) event;
      return new Book(without(open, c.orderId()), accepted, fills, rejections, cancellations + 1, breaker, next);
    }

    private static Map<Long, String> with(Map<Long, String> map, long id, String instrument) {
      Map<Long, String> copy = new HashMap<>(map);
      copy.put(id, instrument);
      return Map.copyOf(copy);
    }

    private static Map<Long, String> without(Map<Long, String> map, long id) {
      if (!map.containsKey(id)) {
        return map;
      }
      Map<Long, String> copy = new HashMap<>(map);
      copy.remove(id);
      return Map.copyOf(copy);
    }
  }

  public static Behavior<Command> create(String asset) {
    return new OrderActor(asset);
  }

  public static PersistenceId persistenceId(String asset) {
    return PersistenceId.of("orders", asset);
  }

  private OrderActor(String asset) {
    // a failed journal write restarts the book, which replays what was stored: nothing half-applied
    super(persistenceId(asset), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  @Override
  public Book emptyState() {
    return Book.empty();
  }

  @Override
  public CommandHandler<Command, Event, Book> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Record.class, (book, record) -> Effect().persist(record.event()))
        .onCommand(GetBook.class, (book, get) -> Effect().reply(get.replyTo(), book))
        .build();
  }

  @Override
  public EventHandler<Book, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Book::apply);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1_000, 2);
  }
}
