package io.fundarb.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serialization benchmark measures real round trips: each sample message comes back equal. */
class SerializationBenchmarkTest {
  @ParameterizedTest
  @CsvSource({"market,kryo", "market,jackson", "send,kryo", "send,jackson", "reported,kryo", "reported,jackson",
      "decided,kryo", "decided,jackson"})
  void everySampleMessageSurvivesARoundTrip(String message, String serializer) throws Exception {
    Object sample = SerializationBenchmark.sample(message);
    SerializationBenchmark.Codec codec = SerializationBenchmark.codec(serializer);
    assertEquals(sample, codec.read(codec.write(sample), sample.getClass()));
    assertTrue(SerializationBenchmark.size(message, serializer) > 20);
  }
}
