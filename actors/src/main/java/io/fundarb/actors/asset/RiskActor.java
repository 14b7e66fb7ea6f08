package io.fundarb.actors.asset;

import io.fundarb.engine.risk.AssetRiskGuard;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.RiskDecision;
import io.fundarb.engine.risk.RiskInput;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.trading.AssetTick;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Applies the engine's hard limits ({@link AssetRiskGuard}) to every proposal and answers the
 * node with the approved target; every proposal, including "hold", gets exactly one answer.
 */
public final class RiskActor extends AbstractBehavior<RiskActor.Command> {
  public sealed interface Command {}

  /** A proposed target (NaN = no proposal: keep the current target) for the tick. */
  public record Propose(AssetSupervisor.Tick tick, double target) implements Command {}

  /** Clears a losing-streak halt. */
  public record ResumeEntries() implements Command {}

  private final AssetRiskGuard guard;
  private final ActorRef<AssetSupervisor.Command> supervisor;

  public static Behavior<Command> create(AssetRiskGuard guard, ActorRef<AssetSupervisor.Command> supervisor) {
    return Behaviors.setup(context -> new RiskActor(context, guard, supervisor));
  }

  private RiskActor(ActorContext<Command> context, AssetRiskGuard guard, ActorRef<AssetSupervisor.Command> supervisor) {
    super(context);
    this.guard = guard;
    this.supervisor = supervisor;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Propose.class, this::onPropose)
        .onMessage(ResumeEntries.class, this::onResume)
        .build();
  }

  private Behavior<Command> onPropose(Propose propose) {
    AssetSupervisor.Tick t = propose.tick();
    AssetTick tick = t.tick();
    RiskDecision decision;
    if (Double.isNaN(propose.target()) && !t.node().killed() && !t.node().dailyLossHit()) {
      decision = RiskDecision.hold(RiskRule.BAD_DATA);
    } else {
      double proposed = Double.isNaN(propose.target()) ? tick.hedgeRatio() : propose.target();
      RiskInput input = new RiskInput(tick.time(), proposed, tick.hedgeRatio(), tick.exposureRatio() == 0,
          tick.spotPrice(), tick.marginRatio(), tick.assetPnl(), tick.maxNotional());
      decision = guard.decide(input, t.node());
    }
    if (!decision.passed()) {
      getContext().getLog().debug("{}: risk {} -> {}", tick.asset(), decision.triggered(), decision.target());
    }
    AssetDecision answer = new AssetDecision(tick.step(), tick.asset().toString(), decision.target(),
        decision.triggered(), t.node().safeMode());
    t.replyTo().tell(answer);
    supervisor.tell(new AssetSupervisor.Decided(answer));
    return this;
  }

  private Behavior<Command> onResume(ResumeEntries resume) {
    guard.resume();
    return this;
  }
}
