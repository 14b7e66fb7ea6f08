package io.fundarb.actors.asset;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * Installed by a supervisor between its restart strategy and a child's behavior: every failure the
 * child throws is told to {@code observer} on its way to the restart strategy, which then restarts
 * the child as configured. How the asset entity's breaker sees what its supervision handles.
 */
final class FailureObserver<T> extends BehaviorInterceptor<T, T> {
  private final Consumer<Throwable> observer;

  FailureObserver(Class<T> messages, Consumer<Throwable> observer) {
    super(messages);
    this.observer = observer;
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> context, T message, ReceiveTarget<T> target) {
    try {
      return target.apply(context, message);
    } catch (RuntimeException e) {
      observer.accept(e);
      throw e;
    }
  }
}
