package io.fundarb.engine.money;

import java.util.Objects;

/** A currency or asset code ("USDT", "BTC"), upper case. */
public record Currency(String code) {
  public static final Currency USDT = new Currency("USDT");

  public Currency {
    Objects.requireNonNull(code, "code");
    if (code.isEmpty() || !code.equals(code.toUpperCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("currency code must be non-empty upper case: " + code);
    }
  }

  public static Currency of(String code) {
    return new Currency(code.toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return code;
  }
}
