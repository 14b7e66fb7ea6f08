package io.fundarb.streams.xchange;

import io.fundarb.engine.instrument.Leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.streams.loopback.LoopbackVenue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Funding settles into the loopback venue's futures wallet and the real client reads it back as income. */
class FundingIncomeTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("funding-income-test");
  private static final LoopbackVenue.Credentials KEYS = new LoopbackVenue.Credentials("fund-key", "fund-secret");
  private static final long T = 1_700_006_400_000L;
  private static final long EIGHT_HOURS = 8 * 3_600_000L;

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  @Test
  void aShortReceivesPositiveFundingPaysNegativeAndTheClientReadsEachSettlement() throws Exception {
    LoopbackVenue venue = new LoopbackVenue(KEYS, Rate.parse("0.001"), Rate.parse("0.0005"), System::currentTimeMillis,
        (m, s) -> Source.never());
    venue.list("BTCUSDT", "BTC", "USDT");
    venue.list("ETHUSDT", "ETH", "USDT");
    venue.depositFutures(Fixed.ofUnits(10_000));
    venue.quotePerp("BTCUSDT", Fixed.parse("40000"), Fixed.parse("3"), Fixed.parse("40000"), Fixed.parse("3"),
        Rate.parse("0.0001"), T);
    int port = venue.bind(SYSTEM, 0).toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
    String url = "http://127.0.0.1:" + port;
    BinanceVenueClient client = BinanceVenueClient.connect(url, url, KEYS.apiKey(), KEYS.secret(),
        new RetryDelay(10, 100, 2));
    client.marketOrder(Leg.PERP, "BTCUSDT", -Fixed.parse("0.1"), false, "short-1");
    long wallet = venue.futuresWallet();

    venue.settleFunding("BTCUSDT", T, Rate.parse("0.0001"), Fixed.parse("40000"));
    venue.settleFunding("BTCUSDT", T + EIGHT_HOURS, Rate.parse("-0.0002"), Fixed.parse("41000"));
    venue.settleFunding("ETHUSDT", T, Rate.parse("0.0001"), Fixed.parse("2000")); // flat: nothing settles

    assertEquals(wallet + Fixed.parse("0.4") - Fixed.parse("0.82"), venue.futuresWallet(),
        "0.1 x 40000 x 0.0001 received, then 0.1 x 41000 x 0.0002 paid");
    assertEquals(Fixed.parse("0.4"), client.fundingIncome("BTCUSDT", T, T));
    assertEquals(Fixed.parse("-0.42"), client.fundingIncome("BTCUSDT", T, T + EIGHT_HOURS));
    assertEquals(0, client.fundingIncome("ETHUSDT", T, T + EIGHT_HOURS));
    BinanceVenueClient wrongKey = BinanceVenueClient.connect(url, url, KEYS.apiKey(), "not-the-secret",
        new RetryDelay(10, 100, 2));
    assertThrows(BinanceVenueClient.Rejected.class, () -> wrongKey.fundingIncome("BTCUSDT", T, T),
        "a signed endpoint: a wrong secret is refused");
  }
}
