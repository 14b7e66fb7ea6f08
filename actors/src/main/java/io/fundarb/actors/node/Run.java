package io.fundarb.actors.node;

import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.serialization.Durable;
import io.fundarb.engine.backtest.BacktestResult;
import io.fundarb.engine.multivenue.PortfolioResult;
import io.fundarb.engine.venue.RestingOrder;
import io.fundarb.engine.venue.VenueReport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * What every run of a node answers, whichever clock drives it ({@link ReplayClock} in virtual
 * time, {@link LiveRun} on a connected venue): status, positions, orders, assets and the operator's
 * steering; what it publishes for alerts; and how it ends.
 */
public final class Run {
  private Run() {}

  public sealed interface Query extends ReplayClock.Command, LiveRun.Command, PortfolioClock.Command,
      org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  public record GetStatus(ActorRef<Status> replyTo) implements Query {}

  /** Every asset's position per leg, P&amp;L and funding, from the account's books. */
  public record GetPositions(ActorRef<List<Position>> replyTo) implements Query {}

  /** Orders resting at the venue and the most recent execution reports. */
  public record GetOrders(ActorRef<OrdersView> replyTo) implements Query {}

  /** The assets of the run, and whether each is trading (not removed). */
  public record GetAssets(ActorRef<Map<String, Boolean>> replyTo) implements Query {}

  /**
   * An operator's command: accepted (a replay takes it at the next step and journals it with that
   * step; a live run takes it now), refused, or for an asset the run does not have.
   */
  public record Steer(Steering steering, ActorRef<SteerReply> replyTo) implements Query {}

  public sealed interface SteerReply {
    String detail();

    record Accepted(String detail) implements SteerReply {}

    record UnknownAsset(String detail) implements SteerReply {}

    record Refused(String detail) implements SteerReply {}

    /**
     * Why no run takes {@code steering} whatever it is: the run has finished, or it names an asset
     * the run does not have; empty when it may go on.
     */
    static Optional<SteerReply> refusal(Steering steering, String finishedBecause,
        Collection<String> assets) {
      if (finishedBecause != null) {
        return Optional.of(new Refused("the run has finished (" + finishedBecause
            + "): nothing left to steer"));
      }
      if (steering.asset() != null && !assets.contains(steering.asset())) {
        return Optional.of(new UnknownAsset("unknown asset " + steering.asset()
            + ": this node has data for " + String.join(", ", assets)));
      }
      return Optional.empty();
    }
  }

  /** {@code recovering}: a resumed replay re-running its venue to where the journal says it stopped. */
  public record Status(long step, long time, long equity, int activeAssets, boolean killed, boolean dailyLossHit,
      long missedDecisions, long liquidations, boolean recovering, boolean finished) {}

  /**
   * An asset's holdings (Fixed: quantities signed, prices and money in USDT).
   *
   * @param marginRatio the perp leg's maintenance margin over its margin balance (0 when flat)
   * @param pnl the asset's P&amp;L since start (realised + unrealised + funding - fees)
   */
  public record Position(String asset, long spotQuantity, long perpQuantity, long spotPrice, long perpMark,
      double hedgeRatio, double marginRatio, long pnl, long funding, long fees) {}

  public record OrdersView(List<RestingOrder> open, List<Recent> recent) {}

  /** An order's execution report as the venue sent it, for the operator's view of recent orders. */
  public record Recent(String asset, VenueReport report) {
    /** Keeps {@code report} among the last {@code max} when it is about an order (funding and interest are not). */
    static void keep(java.util.ArrayDeque<Recent> recent, String asset, VenueReport report, int max) {
      if (report instanceof VenueReport.Funded || report instanceof VenueReport.Interest) {
        return;
      }
      if (recent.size() == max) {
        recent.pollFirst();
      }
      recent.addLast(new Recent(asset, report));
    }
  }

  /**
   * How a resumed replay went: steps re-run to catch up with the journal, order events the re-run
   * produced that the journals already held, those past their end (the crash had not journaled
   * them), and mismatches (each put its asset in SAFE mode).
   */
  public record Recovery(long replayedSteps, long matchedEvents, long rewrittenEvents, List<String> mismatches) {
    public static final Recovery NONE = new Recovery(0, 0, 0, List.of());
  }

  /**
   * Sent once when a run ends (data exhausted, feed ended, or killed and flat). A portfolio run's
   * {@code result} is null and {@code portfolio} holds its venues' and its own; any other run's
   * {@code portfolio} is null.
   */
  public record Finished(BacktestResult result, String reason, long missedDecisions, Recovery recovery,
      PortfolioResult portfolio) {
    public Finished(BacktestResult result, String reason, long missedDecisions, Recovery recovery) {
      this(result, reason, missedDecisions, recovery, null);
    }
  }

  /**
   * Asks every asset for its order book, which each answers after its last journal write: how a
   * replay knows its order journals hold everything before it reports its end. {@code answered}
   * gets the asset and the error (null when it answered).
   */
  static <T> void flushJournals(ActorContext<T> context, Collection<String> ids,
      Function<String, RecipientRef<AssetEntity.Command>> assets, BiFunction<String, String, T> answered) {
    for (String id : ids) {
      context.ask(OrderActor.Book.class, assets.apply(id), Duration.ofSeconds(60), AssetEntity.GetBook::new,
          (book, error) -> answered.apply(id, error == null ? null : error.toString()));
    }
  }

  /** An asset's order journal did not confirm its writes at the end of a run: logged and published for alerts. */
  static void journalNotFlushed(ActorContext<?> context, String asset, String error) {
    context.getLog().error("order journal of {} did not confirm its writes: {}", asset, error);
    context.getSystem().eventStream().tell(new EventStream.Publish<>(
        new JournalFailure("orders|" + asset, "did not confirm its writes: " + error)));
  }

  /** What a run publishes on the node's event stream, for alerts and metrics (local to the node). */
  public sealed interface Event extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  public record KillSwitchOn(String reason, long step, long time) implements Event {}

  /** The daily loss budget became spent ({@code spent}) or renewed. */
  public record DailyLossBudgetChanged(boolean spent, long step, long time, long equity) implements Event {}

  public record JournalFailure(String journal, String detail) implements Event {}

  public record DecisionsMissed(long step, int assets) implements Event {}

  public record LimitChanged(String limit, double from, double to, long step) implements Event {}

  /** Every asset was told to run {@code version} of {@code model} from {@code step}. */
  public record ModelChanged(String model, String version, long step) implements Event {}

  /** The replay's durable memory: the last completed step and the steering in the order it was taken. */
  public record Log(long lastStep, List<Steered> steering) implements Durable {
    public static final Log EMPTY = new Log(0, List.of());

    public boolean isEmpty() {
      return lastStep == 0 && steering.isEmpty();
    }
  }

  /** A steering command that took effect at the start of {@code step}. */
  public record Steered(long step, Steering steering) implements Durable {}
}
