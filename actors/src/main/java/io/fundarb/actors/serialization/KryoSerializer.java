package io.fundarb.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for {@link Durable} records (journal events, cluster messages) on Kryo 5.
 * The manifest is the class name; decoding refuses any class that is not {@link Durable}, so
 * a tampered journal row cannot instantiate arbitrary types. Kryo instances are not thread-safe
 * and are pooled.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko serializer ids below 40 are reserved; this one is fundarb's. */
  public static final int ID = 7411;

  private final Pool<Kryo> pool = new Pool<>(true, false, 16) {
    @Override
    protected Kryo create() {
      Kryo kryo = new Kryo();
      kryo.setRegistrationRequired(false);
      kryo.setReferences(false);
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
    if (!(o instanceof Durable)) {
      throw new IllegalArgumentException("not a Durable message: " + o.getClass().getName());
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
    if (!Durable.class.isAssignableFrom(type)) {
      throw new NotSerializableException("refusing to decode a non-Durable class: " + manifest);
    }
    Kryo kryo = pool.obtain();
    try (Input in = new Input(bytes)) {
      return kryo.readObject(in, type);
    } finally {
      pool.free(kryo);
    }
  }
}
