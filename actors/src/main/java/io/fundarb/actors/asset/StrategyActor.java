package io.fundarb.actors.asset;

import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.trading.TrackedAssetView;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs the asset's policy: absorbs each checked tick into the asset's view and asks the strategy
 * for a target, which goes to the risk actor. A strategy that throws fails the actor with a
 * {@link StrategyFailure} carrying the tick: its supervisor restarts it after a backoff, and the
 * asset entity, which observes that supervision, counts the failure in the breaker and answers the
 * tick ("hold") itself, so the step is answered after the breaker has seen it. The view (the market
 * history) and the policy slot belong to the entity and survive; when the entity installs another
 * policy (a model swap), the next tick builds a fresh strategy from it. Each decision's time is
 * reported to the node's {@link DecisionTimes}.
 */
public final class StrategyActor extends AbstractBehavior<StrategyActor.Command> {
  /** Local to the asset's entity (never sent to another node): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  public record Evaluate(Checked checked) implements Command {}

  /** A strategy threw on {@code checked}'s tick: what the entity's supervision sees. */
  static final class StrategyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Checked checked;

    StrategyFailure(Checked checked, RuntimeException cause) {
      super(cause.toString(), cause);
      this.checked = checked;
    }
  }

  private final TrackedAssetView view;
  private final PolicySlot slot;
  private PolicySlot.Installed installed;
  private Strategy strategy;
  private final ActorRef<RiskActor.Command> risk;
  private final DecisionTimes times;

  static Behavior<Command> create(TrackedAssetView view, PolicySlot slot, ActorRef<RiskActor.Command> risk) {
    return Behaviors.setup(context -> new StrategyActor(context, view, slot, risk));
  }

  private StrategyActor(ActorContext<Command> context, TrackedAssetView view, PolicySlot slot,
      ActorRef<RiskActor.Command> risk) {
    super(context);
    this.view = view;
    this.slot = slot;
    this.installed = slot.current();
    this.strategy = installed.policy().get();
    this.risk = risk;
    this.times = DecisionTimes.get(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Evaluate.class, this::onEvaluate).build();
  }

  private Behavior<Command> onEvaluate(Evaluate evaluate) {
    Checked checked = evaluate.checked();
    view.update(checked.tick());
    double target;
    try {
      PolicySlot.Installed latest = slot.current();
      if (latest != installed) {
        installed = latest;
        strategy = latest.policy().get();
      }
      long started = System.nanoTime();
      target = strategy.target(view);
      times.record(installed.label(), System.nanoTime() - started);
    } catch (RuntimeException e) {
      throw new StrategyFailure(checked, e);
    }
    risk.tell(new RiskActor.Propose(checked, target));
    return this;
  }
}
