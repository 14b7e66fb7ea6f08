package io.fundarb.actors.serialization;

/**
 * Marks messages and events that leave the JVM (journal, cluster): they are serialized with
 * Kryo by {@link KryoSerializer}. Only classes carrying this marker are accepted on the way in.
 */
public interface Durable {
}
