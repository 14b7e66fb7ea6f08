package io.fundarb.actors.asset;

import io.fundarb.actors.account.AccountState;
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
 * Applies the engine's hard limits ({@link AssetRiskGuard}) to every proposal, with the account's
 * state (kill switch, daily loss) and the asset's SAFE mode (breaker, pause), and hands the approved
 * target to the order actor; every proposal, including "hold", gets exactly one answer.
 */
public final class RiskActor extends AbstractBehavior<RiskActor.Command> {
  /** Local to the asset's entity (never sent to another node): not checked by serialize-messages. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  /** A proposed target (NaN = no proposal: keep the current target) for the checked step. */
  public record Propose(Checked checked, double target) implements Command {}

  /** The account's state as last heard. */
  public record Account(AccountState state) implements Command {}

  /** SAFE mode on or off (breaker not closed, or paused by hand). */
  public record Safe(boolean safe) implements Command {}

  /** Clears a losing-streak halt. */
  public record ResumeEntries() implements Command {}

  public record GetDecisions(ActorRef<Decisions> replyTo) implements Command {}

  /** The last decision (null before the first) and how many were taken. */
  public record Decisions(AssetDecision last, long count) {}

  private final AssetRiskGuard guard;
  private final ActorRef<OrderActor.Command> orders;
  private AccountState account = new AccountState(false, false, 1, 0);
  private boolean safe;
  private AssetDecision last;
  private long decisions;

  static Behavior<Command> create(AssetRiskGuard guard, ActorRef<OrderActor.Command> orders) {
    return Behaviors.setup(context -> new RiskActor(context, guard, orders));
  }

  private RiskActor(ActorContext<Command> context, AssetRiskGuard guard, ActorRef<OrderActor.Command> orders) {
    super(context);
    this.guard = guard;
    this.orders = orders;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Propose.class, this::onPropose)
        .onMessage(Account.class, a -> {
          account = a.state();
          return this;
        })
        .onMessage(Safe.class, s -> {
          safe = s.safe();
          return this;
        })
        .onMessage(ResumeEntries.class, r -> {
          guard.resume();
          return this;
        })
        .onMessage(GetDecisions.class, get -> {
          get.replyTo().tell(new Decisions(last, decisions));
          return this;
        })
        .build();
  }

  private Behavior<Command> onPropose(Propose propose) {
    AssetTick tick = propose.checked().tick();
    NodeRiskState node = new NodeRiskState(account.killed(), account.dailyLossSpent(), safe);
    RiskDecision decision;
    if (Double.isNaN(propose.target()) && !node.killed() && !node.dailyLossHit()) {
      decision = RiskDecision.hold(RiskRule.BAD_DATA);
    } else {
      double proposed = Double.isNaN(propose.target()) ? tick.hedgeRatio() : propose.target();
      RiskInput input = new RiskInput(tick.time(), proposed, tick.hedgeRatio(), tick.exposureRatio() == 0,
          tick.spotPrice(), tick.marginRatio(), tick.assetPnl(), tick.maxNotional());
      decision = guard.decide(input, node);
    }
    if (!decision.passed()) {
      getContext().getLog().debug("{}: risk {} -> {}", tick.asset(), decision.triggered(), decision.target());
    }
    AssetDecision answer = new AssetDecision(tick.step(), tick.asset().toString(), decision.target(),
        decision.triggered(), safe);
    orders.tell(new OrderActor.Approved(propose.checked(), answer));
    last = answer;
    decisions++;
    return this;
  }
}
