package io.fundarb.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.Pool;
import com.esotericsoftware.kryo.Serializer;
import io.fundarb.actors.account.AccountActor;
import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.FeedActor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.asset.RemoteGateway;
import io.fundarb.actors.asset.VenueGatewayActor;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.node.ReplayJournal;
import io.fundarb.actors.node.Run;
import io.fundarb.actors.node.Steering;
import io.fundarb.engine.account.LedgerSnapshot;
import io.fundarb.engine.account.Liquidation;
import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.InstrumentKind;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.OrderType;
import io.fundarb.engine.order.RejectReason;
import io.fundarb.engine.order.Rejection;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.order.TimeInForce;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.DailyLossBudget;
import io.fundarb.engine.risk.NotionalReservations;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.risk.TunableLimits;
import io.fundarb.engine.trading.AssetBooks;
import io.fundarb.engine.trading.FeatureRow;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.io.NotSerializableException;
import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for {@link Durable} records (journal events, snapshots, cross-node messages) on Kryo 5 with
 * registration required: only the classes listed in {@link #REGISTERED} (and the JDK immutable
 * collections they hold) are written or read, each under a fixed id, so a tampered journal row can
 * neither name an arbitrary class at the top (the manifest must be a registered Durable) nor
 * smuggle one in nested. Kryo instances are not thread-safe and are pooled.
 *
 * <p>The asset, account and replay protocols travel between cluster nodes the same way (the replay
 * clock or the account on one node, an asset's entity on another): their commands and answers are
 * {@link Durable} too, and the actor references inside them are written as their serialization
 * format and resolved on arrival.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko serializer ids below 40 are reserved; this one is fundarb's. */
  public static final int ID = 7411;

  /**
   * Every class that may appear in a journal, in id order from {@link #FIRST_ID}. Append only:
   * an id, once written to a journal, must keep meaning the same class.
   */
  static final List<Class<?>> REGISTERED = List.of(
      // an asset's order journal: events and snapshots
      OrderActor.Booked.class, OrderActor.Sent.class, OrderActor.ReservationHeld.class, OrderActor.ModeChanged.class,
      OrderActor.BreakerChanged.class, OrderActor.StartedOver.class, OrderActor.Snapshot.class, OrderActor.Trail.class,
      OrderActor.Mode.class, OrderActor.Book.class, OrderActor.Started.class, OrderActor.Verified.class,
      AssetBooks.Snapshot.class, Portfolio.Snapshot.class, LedgerSnapshot.class,
      // the account's journal
      AccountActor.Reserved.class, AccountActor.LimitSet.class, AccountActor.Killed.class,
      AccountActor.BudgetChanged.class, AccountActor.StartedOver.class, AccountActor.State.class,
      DailyLossBudget.class, NotionalReservations.class, TunableLimits.class,
      // a replay's journal
      ReplayJournal.Progressed.class, ReplayJournal.SteeredAt.class, Run.Log.class, Run.Steered.class,
      Steering.Kill.class, Steering.AddAsset.class, Steering.RemoveAsset.class, Steering.PauseAsset.class,
      Steering.ResumeAsset.class, Steering.FlattenAsset.class, Steering.PauseNode.class, Steering.ResumeNode.class,
      Steering.SetLimit.class, Steering.UseModel.class,
      // what crosses nodes: the asset protocol, the account protocol, the replay clock's answers
      AssetEntity.Step.class, AssetEntity.StartOver.class, AssetEntity.Verify.class, AssetEntity.Market.class,
      AssetEntity.Account.class, AssetEntity.Steer.class, AssetEntity.Trip.class, AssetEntity.GetStatus.class,
      AssetEntity.GetBook.class, AssetEntity.AssetStatus.class, FeedActor.Counts.class, AssetDecision.class,
      AccountActor.Reserve.class, AccountActor.Granted.class, AccountActor.Release.class, AccountActor.Steer.class,
      AccountActor.SteerReply.Applied.class, AccountActor.SteerReply.Refused.class, AccountActor.Mark.class,
      AccountActor.GetView.class, AccountActor.View.class, AccountActor.Listen.class, AccountActor.StartOver.class,
      AccountState.class, ReplayClock.Decided.class,
      // the values they carry
      MarketStep.class, MarketEvent.Bar.class, MarketEvent.Quote.class, MarketEvent.Mark.class,
      MarketEvent.Funding.class, MarketEvent.Sentiment.class, Leg.class,
      VenueReport.Accepted.class, VenueReport.Filled.class, VenueReport.Rejected.class, VenueReport.Canceled.class,
      VenueReport.Funded.class, VenueReport.MarginMoved.class, VenueReport.Liquidated.class,
      VenueReport.Interest.class, VenueRequest.Submit.class, VenueRequest.Cancel.class, VenueRequest.Transfer.class,
      OrderRequest.class, Fill.class, Rejection.class, Cancellation.class, Liquidation.class, InstrumentId.class,
      InstrumentKind.class, Side.class, OrderType.class, TimeInForce.class, Liquidity.class, RejectReason.class,
      Price.class, Quantity.class, AssetId.class, FeatureRow.class, RiskRule.class, CircuitBreaker.State.class,
      RiskLimits.class, long[].class, long[][].class, int[].class, float[].class, boolean[].class,
      EnumSet.noneOf(RiskRule.class).getClass(),
      // a member's assets trading through the cluster's venue connection
      VenueGatewayActor.Attach.class, VenueGatewayActor.Send.class, VenueGatewayActor.Resolve.class,
      VenueGatewayActor.GetHolding.class, VenueGatewayActor.Answer.class, RemoteGateway.Reported.class,
      RemoteGateway.Mismatched.class, LegMarket.class, Reconciliation.Holding.class, Reconciliation.Mismatch.class,
      // the account's view (its reservations by asset, in order) answered to a node the singleton is not on
      java.util.TreeMap.class,
      // a portfolio's legs for a venue asset, with its step
      OrderActor.Legs.class);
  static final int FIRST_ID = 100;
  /** Kryo id of the actor reference class (a runtime class, so outside the list). */
  static final int ACTOR_REF_ID = 1_000;

  /** Null for a serializer without an actor system (tests of the journal classes): no actor references. */
  private final ExtendedActorSystem system;

  public KryoSerializer() {
    this(null);
  }

  /** The constructor Pekko calls: actor references resolve against {@code system}. */
  public KryoSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  private final Pool<Kryo> pool = new Pool<>(true, false, 16) {
    @Override
    protected Kryo create() {
      Kryo kryo = new Kryo();
      kryo.setRegistrationRequired(true);
      kryo.setReferences(false);
      ImmutableCollectionsSerializers.registerSerializers(kryo); // Map.copyOf / List.copyOf inside records
      for (int k = 0; k < REGISTERED.size(); k++) {
        kryo.register(REGISTERED.get(k), FIRST_ID + k);
      }
      if (system != null) {
        ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
        kryo.register(Adapter.toTyped(system.deadLetters()).getClass(), new ActorRefSerializer(resolver), ACTOR_REF_ID);
      }
      return kryo;
    }
  };

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object o) {
    return o.getClass().getName();
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof Durable) || !REGISTERED.contains(o.getClass())) {
      throw new IllegalArgumentException("not a registered Durable class (add it to KryoSerializer.REGISTERED): "
          + o.getClass().getName());
    }
    Kryo kryo = pool.obtain();
    try (Output out = new Output(256, -1)) {
      kryo.writeObject(out, o);
      return out.toBytes();
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Class<?> type;
    try {
      type = Class.forName(manifest, false, getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new NotSerializableException("unknown manifest " + manifest);
    }
    if (!Durable.class.isAssignableFrom(type) || !REGISTERED.contains(type)) {
      throw new NotSerializableException("refusing to decode a class that is not a registered Durable: " + manifest);
    }
    Kryo kryo = pool.obtain();
    try (Input in = new Input(bytes)) {
      return kryo.readObject(in, type);
    } catch (KryoException e) {
      throw new NotSerializableException("cannot decode " + manifest + ": " + e.getMessage());
    } finally {
      pool.free(kryo);
    }
  }

  /** An actor reference as its serialization format (path with the node's address). */
  private static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    private final ActorRefResolver resolver;

    ActorRefSerializer(ActorRefResolver resolver) {
      this.resolver = resolver;
    }

    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(resolver.toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return resolver.resolveActorRef(input.readString());
    }
  }
}
