package io.fundarb.streams.loopback;

import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A loopback venue for execution tests: BTCUSDT listed, 100,000 USDT in spot and in futures, a
 * spot quote of 40000 / 40001 (10 each side) and a perp quote of 40010 / 40011 ({@code perpSize}
 * each side), no market feed, bound on 127.0.0.1.
 *
 * @param url its REST base, e.g. {@code http://127.0.0.1:41234}
 */
public record QuotedVenue(LoopbackVenue venue, String url) {
  public static QuotedVenue start(LoopbackVenue.Credentials keys, VenueFaults faults, String perpSize,
      ClassicActorSystemProvider system) throws Exception {
    LoopbackVenue venue = new LoopbackVenue(keys, Rate.parse("0.001"), Rate.parse("0.0005"),
        System::currentTimeMillis, (m, s) -> Source.never(), faults);
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.deposit("USDT", Fixed.ofUnits(100_000));
    venue.depositFutures(Fixed.ofUnits(100_000));
    venue.quote("BTCUSDT", Fixed.parse("40000"), Fixed.parse("10"), Fixed.parse("40001"), Fixed.parse("10"));
    venue.quotePerp("BTCUSDT", Fixed.parse("40010"), Fixed.parse(perpSize), Fixed.parse("40011"),
        Fixed.parse(perpSize), Rate.parse("0.0001"), 0);
    int port = venue.bind(system, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    return new QuotedVenue(venue, "http://127.0.0.1:" + port);
  }
}
