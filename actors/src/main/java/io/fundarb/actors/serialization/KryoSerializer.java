package io.fundarb.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.Pool;
import com.esotericsoftware.kryo.Serializer;
import io.fundarb.actors.asset.AssetDecision;
import io.fundarb.actors.asset.AssetSupervisor;
import io.fundarb.actors.asset.FeedActor;
import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.node.DeskJournal;
import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.NodeRiskState;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.risk.RiskRule;
import io.fundarb.engine.trading.AssetTick;
import io.fundarb.engine.trading.FeatureRow;
import java.io.NotSerializableException;
import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for {@link Durable} records (journal events, snapshots) on Kryo 5 with
 * registration required: only the classes listed in {@link #REGISTERED} (and the JDK immutable
 * collections they hold) are written or read, each under a fixed id, so a tampered journal row can
 * neither name an arbitrary class at the top (the manifest must be a registered Durable) nor
 * smuggle one in nested. Kryo instances are not thread-safe and are pooled.
 *
 * <p>The asset protocol travels between cluster nodes the same way (the desk on one node, an
 * asset's entity on another): its commands and answers are {@link Durable} too, and the actor
 * references inside them are written as their serialization format and resolved on arrival.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko serializer ids below 40 are reserved; this one is fundarb's. */
  public static final int ID = 7411;

  /**
   * Every class that may appear in a journal, in id order from {@link #FIRST_ID}. Append only:
   * an id, once written to a journal, must keep meaning the same class.
   */
  static final List<Class<?>> REGISTERED = List.of(
      OrderActor.Accepted.class, OrderActor.Filled.class, OrderActor.Rejected.class, OrderActor.Canceled.class,
      OrderActor.BreakerChanged.class, OrderActor.Book.class, OrderActor.Trail.class,
      DeskJournal.Progressed.class, DeskJournal.Steered.class, DeskJournal.Kill.class, DeskJournal.AddAsset.class,
      DeskJournal.RemoveAsset.class, DeskJournal.PauseAsset.class, DeskJournal.ResumeAsset.class,
      DeskJournal.Log.class, DeskJournal.FlattenAsset.class, DeskJournal.PauseNode.class, DeskJournal.ResumeNode.class,
      DeskJournal.SetLimit.class, DeskJournal.UseModel.class,
      // the asset protocol between nodes, and what it carries
      AssetSupervisor.Tick.class, AssetSupervisor.Pause.class, AssetSupervisor.Resume.class,
      AssetSupervisor.GetStatus.class, AssetSupervisor.Journal.class, AssetSupervisor.GetBook.class,
      AssetSupervisor.UsePolicy.class, AssetSupervisor.AssetStatus.class, AssetDecision.class,
      AssetTick.class, AssetId.class, FeatureRow.class, NodeRiskState.class, RiskRule.class,
      CircuitBreaker.State.class, long[].class, float[].class, EnumSet.noneOf(RiskRule.class).getClass(),
      AssetSupervisor.Trip.class, FeedActor.Counts.class, RiskLimits.class);
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
