package io.fundarb.engine.money;

import java.math.RoundingMode;

/** An exact price in quote currency per unit of base; {@code raw} is {@link Fixed}. */
public record Price(long raw) implements Comparable<Price> {
  public Price {
    if (raw <= 0) {
      throw new IllegalArgumentException("price must be positive: " + Fixed.toString(raw));
    }
  }

  public static Price of(String text) {
    return new Price(Fixed.parse(text));
  }

  /** Quote-currency value of {@code quantity} at this price, rounded half-even to 10^-8. */
  public long notional(Quantity quantity) {
    return Fixed.mul(raw, quantity.raw(), RoundingMode.HALF_EVEN);
  }

  public boolean isMultipleOf(Price tick) {
    return Fixed.isMultipleOf(raw, tick.raw);
  }

  @Override
  public int compareTo(Price other) {
    return Long.compare(raw, other.raw);
  }

  @Override
  public String toString() {
    return Fixed.toString(raw);
  }
}
