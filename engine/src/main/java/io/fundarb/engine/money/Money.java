package io.fundarb.engine.money;

import java.util.Objects;

/** An exact amount of one currency; {@code amount} is {@link Fixed} (10^-8 units). */
public record Money(Currency currency, long amount) {
  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public static Money of(String amount, Currency currency) {
    return new Money(currency, Fixed.parse(amount));
  }

  public static Money zero(Currency currency) {
    return new Money(currency, 0);
  }

  public Money plus(Money other) {
    return new Money(currency, Math.addExact(amount, sameCurrency(other).amount));
  }

  public Money minus(Money other) {
    return new Money(currency, Math.subtractExact(amount, sameCurrency(other).amount));
  }

  public Money negate() {
    return new Money(currency, Math.negateExact(amount));
  }

  public boolean isNegative() {
    return amount < 0;
  }

  private Money sameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
    }
    return other;
  }

  @Override
  public String toString() {
    return Fixed.toString(amount) + " " + currency;
  }
}
