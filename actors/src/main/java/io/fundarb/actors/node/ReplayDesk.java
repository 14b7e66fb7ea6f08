package io.fundarb.actors.node;

import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.backtest.ReplayAccount;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.PortfolioNotionalCap;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The node's portfolio actor over a replayed market: it owns the account (simulated venue and
 * books, advanced by the replay clock), sends every active asset its tick each step, waits for
 * every decision (or the step timeout), applies the cross-asset limits (portfolio notional cap,
 * daily loss budget, kill switch) and executes the approved targets in asset order, exactly as
 * the backtester does. Only the clock and the venue differ between replay, paper and live.
 */
public final class ReplayDesk extends AbstractBehavior<ReplayDesk.Command> {
  public sealed interface Command {}

  /** Global kill switch: flatten every asset (whatever the strategies say), then stop. */
  public record Kill(String reason) implements Command {}

  /** Starts sending ticks to an asset that has data on this node. */
  public record AddAsset(String asset, ActorRef<String> replyTo) implements Command {}

  /** Flattens an asset and stops sending it ticks. */
  public record RemoveAsset(String asset, ActorRef<String> replyTo) implements Command {}

  public record GetStatus(ActorRef<NodeStatus> replyTo) implements Command {}

  record NextStep() implements Command {}

  record Decided(AssetDecision decision) implements Command {}

  record StepTimedOut(long step) implements Command {}

  public record NodeStatus(long step, long time, long equity, int activeAssets, boolean killed,
      boolean dailyLossHit, long missedDecisions, long liquidations, boolean finished) {}

  /** Sent once when the replay ends (data exhausted, or killed and flat). */
  public record Finished(BacktestResult result, String reason, long missedDecisions) {}

  private static final Object TIMEOUT_KEY = "step-timeout";

  private final ReplayAccount account;
  private final NodeSettings settings;
  private final Function<String, RecipientRef<AssetSupervisor.Command>> assets;
  private final ActorRef<Finished> onFinished;
  private final TimerScheduler<Command> timers;
  private final ActorRef<AssetDecision> decisions;
  private final DailyLossBudget dailyLoss;
  private final String[] ids;
  private final boolean[] active;
  private final boolean[] removed;
  private final AssetDecision[] pending;
  private int waiting;
  private long step;
  private long time;
  private boolean killed;
  private boolean finished;
  private long missed;
  private long liquidations;

  /**
   * @param assets the entity reference for an asset id (sharding on a node, a plain child in tests)
   * @param account built with {@link #journalTo} as its report listener
   */
  public static Behavior<Command> create(ReplayAccount account, NodeSettings settings,
      Function<String, RecipientRef<AssetSupervisor.Command>> assets, ActorRef<Finished> onFinished) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new ReplayDesk(context, timers, account, settings, assets, onFinished)));
  }

  /**
   * The execution-report listener to build the account with: reports go to the asset's order
   * journal through {@code assets}; liquidations are logged.
   */
  public static io.fundarb.engine.venue.ExecutionListener journalTo(
      Function<String, RecipientRef<AssetSupervisor.Command>> assets) {
    return new JournalingListener((asset, command) -> assets.apply(asset).tell(command),
        liquidation -> org.slf4j.LoggerFactory.getLogger(ReplayDesk.class).error("LIQUIDATION {}", liquidation));
  }

  private ReplayDesk(ActorContext<Command> context, TimerScheduler<Command> timers, ReplayAccount account,
      NodeSettings settings, Function<String, RecipientRef<AssetSupervisor.Command>> assets, ActorRef<Finished> onFinished) {
    super(context);
    this.timers = timers;
    this.account = account;
    this.settings = settings;
    this.assets = assets;
    this.onFinished = onFinished;
    this.decisions = context.messageAdapter(AssetDecision.class, Decided::new);
    this.dailyLoss = new DailyLossBudget(settings.maxDailyLoss());
    Universe universe = account.universe();
    int n = universe.assetCount();
    this.ids = new String[n];
    this.active = new boolean[n];
    this.removed = new boolean[n];
    this.pending = new AssetDecision[n];
    for (int a = 0; a < n; a++) {
      ids[a] = universe.pair(a).asset().toString();
      active[a] = true;
    }
    context.getSelf().tell(new NextStep());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NextStep.class, this::onNextStep)
        .onMessage(Decided.class, this::onDecided)
        .onMessage(StepTimedOut.class, this::onStepTimedOut)
        .onMessage(Kill.class, this::onKill)
        .onMessage(AddAsset.class, this::onAddAsset)
        .onMessage(RemoveAsset.class, this::onRemoveAsset)
        .onMessage(GetStatus.class, this::onGetStatus)
        .build();
  }

  private Behavior<Command> onNextStep(NextStep next) {
    if (finished) {
      return this;
    }
    if (!account.hasNext() || (killed && !account.portfolio().inMarket())) {
      return finish(killed ? "killed and flat" : "end of data");
    }
    time = account.advance();
    step = account.step();
    NodeRiskState node = new NodeRiskState(killed, dailyLoss.update(time, account.equityNow()), false);
    Arrays.fill(pending, null);
    waiting = 0;
    for (int a = 0; a < ids.length; a++) {
      if (active[a]) {
        waiting++;
        assets.apply(ids[a]).tell(new AssetSupervisor.Tick(account.tick(a), node, decisions));
      }
    }
    if (waiting == 0) {
      completeStep();
    } else {
      timers.startSingleTimer(TIMEOUT_KEY, new StepTimedOut(step), settings.stepTimeout());
    }
    return this;
  }

  private Behavior<Command> onDecided(Decided decided) {
    AssetDecision d = decided.decision();
    int a = index(d.asset());
    if (d.step() != step || a < 0 || pending[a] != null || !active[a]) {
      return this; // late answer to a step that already timed out
    }
    pending[a] = d;
    if (--waiting == 0) {
      timers.cancel(TIMEOUT_KEY);
      completeStep();
    }
    return this;
  }

  private Behavior<Command> onStepTimedOut(StepTimedOut timedOut) {
    if (timedOut.step() == step && waiting > 0) {
      missed += waiting;
      getContext().getLog().warn("step {}: {} asset(s) did not answer within {}; holding their targets", step, waiting,
          settings.stepTimeout());
      waiting = 0;
      completeStep();
    }
    return this;
  }

  private void completeStep() {
    int n = ids.length;
    double[] targets = new double[n];
    double[] current = new double[n];
    double[] notional = new double[n];
    for (int a = 0; a < n; a++) {
      current[a] = account.trader().view(a).hedgeRatio();
      notional[a] = Fixed.toDouble(account.trader().maxNotional(a));
      targets[a] = killed || removed[a] ? 0 : pending[a] == null || pending[a].holds() ? Double.NaN : pending[a].target();
    }
    PortfolioNotionalCap.apply(targets, current, notional, settings.maxPortfolioRatio());
    for (int a = 0; a < n; a++) {
      if (Double.isNaN(targets[a])) {
        account.hold(a);
      } else {
        account.setTarget(a, targets[a]);
      }
    }
    account.record(time);
    if (settings.speed() == 0) {
      getContext().getSelf().tell(new NextStep());
    } else {
      long gap = account.nextTime() == Long.MAX_VALUE ? 0 : account.nextTime() - time;
      timers.startSingleTimer(new NextStep(), Duration.ofMillis((long) (gap / settings.speed())));
    }
  }

  private Behavior<Command> onKill(Kill kill) {
    getContext().getLog().error("KILL SWITCH: {} — flattening every asset, then stopping", kill.reason());
    killed = true;
    return this;
  }

  private Behavior<Command> onAddAsset(AddAsset add) {
    int a = index(add.asset());
    if (a < 0) {
      add.replyTo().tell("unknown asset " + add.asset() + ": this node has data for " + String.join(", ", ids));
    } else {
      active[a] = true;
      removed[a] = false;
      add.replyTo().tell("added " + add.asset());
    }
    return this;
  }

  private Behavior<Command> onRemoveAsset(RemoveAsset remove) {
    int a = index(remove.asset());
    if (a < 0) {
      remove.replyTo().tell("unknown asset " + remove.asset());
    } else {
      active[a] = false;
      removed[a] = true;
      remove.replyTo().tell("removing " + remove.asset() + ": flattening, no more ticks");
    }
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    int count = 0;
    for (boolean on : active) {
      count += on ? 1 : 0;
    }
    get.replyTo().tell(new NodeStatus(step, time, account.equityNow(), count, killed, dailyLoss.spent(), missed,
        account.portfolio().ledger().liquidations(), finished));
    return this;
  }

  private Behavior<Command> finish(String reason) {
    finished = true;
    getContext().getLog().info("replay finished after {} steps: {}", step, reason);
    onFinished.tell(new Finished(account.result(), reason, missed));
    return this;
  }

  private int index(String asset) {
    for (int a = 0; a < ids.length; a++) {
      if (ids[a].equals(asset)) {
        return a;
      }
    }
    return -1;
  }
}
