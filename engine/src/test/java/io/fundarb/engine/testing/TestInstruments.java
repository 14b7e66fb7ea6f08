package io.fundarb.engine.testing;

import io.fundarb.engine.instrument.AssetId;
import io.fundarb.engine.instrument.CarryPair;
import io.fundarb.engine.instrument.LinearPerpetual;
import io.fundarb.engine.instrument.SpotPair;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.money.Currency;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.util.Arrays;

/** Binance-like instrument rules for tests: BTC and ETH against USDT. */
public final class TestInstruments {
  private TestInstruments() {}

  public static CarryPair pair(String venue, String symbol) {
    AssetId asset = new AssetId(venue, symbol);
    Currency base = Currency.of(symbol.replace("USDT", ""));
    boolean btc = symbol.startsWith("BTC");
    SpotPair spot = new SpotPair(asset.spot(), base, Currency.USDT, Fixed.parse("0.01"),
        Fixed.parse(btc ? "0.00001" : "0.0001"), Fixed.parse("5"));
    LinearPerpetual perp = new LinearPerpetual(asset.perp(), base, Currency.USDT, Fixed.parse(btc ? "0.1" : "0.01"),
        Fixed.parse("0.001"), Fixed.parse(btc ? "100" : "20"), Fixed.ONE, Rate.parse(btc ? "0.004" : "0.005"),
        Rate.parse("0.0125"), 125);
    return new CarryPair(asset, spot, perp);
  }

  public static Universe universe(String venue, String... symbols) {
    return new Universe(Arrays.stream(symbols).map(s -> pair(venue, s)).toList());
  }
}
