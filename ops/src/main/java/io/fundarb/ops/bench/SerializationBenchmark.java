package io.fundarb.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import io.fundarb.actors.asset.AssetEntity;
import io.fundarb.actors.asset.RemoteGateway;
import io.fundarb.actors.asset.VenueGatewayActor;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.serialization.KryoSerializer;
import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.instrument.InstrumentId;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.order.OrderRequest;
import io.fundarb.engine.order.Side;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The messages that cross nodes on the hot paths, written and read back (one round trip per
 * operation) by fundarb's Kryo serializer and, for comparison, by Jackson JSON with type names (the
 * serializer Pekko recommends besides its own; Java serialization cannot write these records, which
 * are not {@code Serializable}, and Pekko turns it off). Sizes come from {@link #size}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializationBenchmark {
  /** A market step to an asset on another member; an order pair sent to the venue connection; its fills back; a replay answer. */
  @Param({"market", "send", "reported", "decided"})
  public String message;

  @Param({"kryo", "jackson"})
  public String serializer;

  private Object sample;
  private Codec codec;

  /** One way of writing and reading a message. */
  public interface Codec {
    byte[] write(Object message) throws Exception;

    Object read(byte[] bytes, Class<?> type) throws Exception;
  }

  @Setup(Level.Trial)
  public void setUp() {
    sample = sample(message);
    codec = codec(serializer);
  }

  @Benchmark
  public Object roundTrip() throws Exception {
    return codec.read(codec.write(sample), sample.getClass());
  }

  /** Bytes of {@code message} written by {@code serializer}. */
  public static int size(String message, String serializer) throws Exception {
    return codec(serializer).write(sample(message)).length;
  }

  public static Codec codec(String serializer) {
    if (serializer.equals("kryo")) {
      KryoSerializer kryo = new KryoSerializer();
      return new Codec() {
        @Override
        public byte[] write(Object message) {
          return kryo.toBinary(message);
        }

        @Override
        public Object read(byte[] bytes, Class<?> type) throws Exception {
          return kryo.fromBinary(bytes, type.getName());
        }
      };
    }
    // the records' components only (no derived isX() properties), with type names where a field is an interface
    ObjectMapper json = new ObjectMapper().setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER,
        com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE).activateDefaultTyping(
        BasicPolymorphicTypeValidator.builder().allowIfSubType("io.fundarb.").allowIfSubType("java.util.").build(),
        ObjectMapper.DefaultTyping.NON_FINAL);
    return new Codec() {
      @Override
      public byte[] write(Object message) throws Exception {
        return json.writeValueAsBytes(message);
      }

      @Override
      public Object read(byte[] bytes, Class<?> type) throws Exception {
        return json.readValue(bytes, type);
      }
    };
  }

  private static final InstrumentId SPOT = InstrumentId.parse("BINANCE:BTCUSDT-SPOT");
  private static final InstrumentId PERP = InstrumentId.parse("BINANCE:BTCUSDT-PERP");

  public static Object sample(String message) {
    long price = Fixed.parse("42000.5");
    List<VenueRequest> pair = List.of(
        new VenueRequest.Submit(OrderRequest.market(1_000_000, SPOT, Side.BUY, new Quantity(Fixed.parse("0.25")), false)),
        new VenueRequest.Submit(OrderRequest.market(1_000_001, PERP, Side.SELL, new Quantity(Fixed.parse("0.25")),
            false)));
    return switch (message) {
      case "market" -> new AssetEntity.Market(1_234, new MarketStep(1_700_000_000_000L, List.of(
          new MarketEvent.Quote(Leg.SPOT, price, Fixed.parse("3.2"), price + Fixed.parse("0.01"), Fixed.parse("1.1")),
          new MarketEvent.Quote(Leg.PERP, price + Fixed.ofUnits(9), Fixed.parse("7.5"), price + Fixed.ofUnits(10),
              Fixed.parse("2.4")),
          new MarketEvent.Bar(Leg.SPOT, price, price + Fixed.ofUnits(80), price - Fixed.ofUnits(60), price,
              Fixed.ofUnits(1_500), 6.3e7, 41_000),
          new MarketEvent.Bar(Leg.PERP, price, price + Fixed.ofUnits(85), price - Fixed.ofUnits(55), price,
              Fixed.ofUnits(9_800), 4.1e8, 220_000),
          new MarketEvent.Mark(Leg.PERP, price + Fixed.ofUnits(9)))));
      case "send" -> new VenueGatewayActor.Send(3, pair, new LegMarket(price, Fixed.ofUnits(1_500), Fixed.parse("0.00001"),
          Fixed.parse("0.01"), Fixed.ofUnits(5)), new LegMarket(price, Fixed.ofUnits(9_800), Fixed.parse("0.001"),
          Fixed.parse("0.1"), Fixed.ofUnits(100)));
      case "reported" -> new RemoteGateway.Reported(3, List.of(
          new VenueReport.Filled(new Fill(1_000_000, SPOT, 1_700_000_000_050L, Side.BUY, new Price(price),
              new Quantity(Fixed.parse("0.25")), Fixed.parse("10.5"), Fixed.parse("0.4"), Liquidity.TAKER, new Quantity(0))),
          new VenueReport.Filled(new Fill(1_000_001, PERP, 1_700_000_000_060L, Side.SELL, new Price(price),
              new Quantity(Fixed.parse("0.2")), Fixed.parse("4.2"), Fixed.parse("0.3"), Liquidity.TAKER,
              new Quantity(Fixed.parse("0.05")))),
          new VenueReport.Canceled(new Cancellation(1_000_001, PERP, 1_700_000_000_070L, new Quantity(Fixed.parse("0.05")),
              "the rest found no liquidity inside the slippage band (immediate-or-cancel)"))));
      case "decided" -> new ReplayClock.Decided("BINANCE:BTCUSDT", 1_234, pair, 2);
      default -> throw new IllegalArgumentException("no sample message " + message);
    };
  }
}
