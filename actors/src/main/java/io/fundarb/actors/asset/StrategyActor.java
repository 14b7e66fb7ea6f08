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
 * for a target, which goes to the risk actor. A strategy that throws still answers ("hold") so
 * the step completes, reports the failure to its supervisor (the breaker counts it) and then
 * fails, so supervision restarts it with backoff and a fresh strategy instance. The view (the
 * market history) and the policy slot are owned by the supervisor's spawn site and survive
 * restarts; when the supervisor installs another policy (a model swap), the next tick builds a
 * fresh strategy from it. Each decision's time is reported to the node's {@link DecisionTimes}.
 */
public final class StrategyActor extends AbstractBehavior<StrategyActor.Command> {
  public sealed interface Command {}

  public record Evaluate(AssetSupervisor.Tick tick) implements Command {}

  private final TrackedAssetView view;
  private final PolicySlot slot;
  private PolicySlot.Installed installed;
  private Strategy strategy;
  private final ActorRef<RiskActor.Command> risk;
  private final ActorRef<AssetSupervisor.Command> supervisor;
  private final DecisionTimes times;

  static Behavior<Command> create(TrackedAssetView view, PolicySlot slot, ActorRef<RiskActor.Command> risk,
      ActorRef<AssetSupervisor.Command> supervisor) {
    return Behaviors.setup(context -> new StrategyActor(context, view, slot, risk, supervisor));
  }

  private StrategyActor(ActorContext<Command> context, TrackedAssetView view, PolicySlot slot,
      ActorRef<RiskActor.Command> risk, ActorRef<AssetSupervisor.Command> supervisor) {
    super(context);
    this.view = view;
    this.slot = slot;
    this.installed = slot.current();
    this.strategy = installed.policy().get();
    this.risk = risk;
    this.supervisor = supervisor;
    this.times = DecisionTimes.get(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Evaluate.class, this::onEvaluate).build();
  }

  private Behavior<Command> onEvaluate(Evaluate evaluate) {
    view.update(evaluate.tick().tick());
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
      // the supervisor hears of the failure before anyone can see this step's answer
      supervisor.tell(new AssetSupervisor.StrategyFailed(evaluate.tick().tick().time(), e.toString()));
      risk.tell(new RiskActor.Propose(evaluate.tick(), Double.NaN));
      throw e;
    }
    risk.tell(new RiskActor.Propose(evaluate.tick(), target));
    return this;
  }
}
