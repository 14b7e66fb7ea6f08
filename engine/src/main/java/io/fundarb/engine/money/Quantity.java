package io.fundarb.engine.money;

/**
 * An exact, signed quantity of the base asset ({@link Fixed}); positive is long. Contract
 * quantities of a venue are converted to base units at the venue boundary.
 */
public record Quantity(long raw) implements Comparable<Quantity> {
  public static final Quantity ZERO = new Quantity(0);

  public static Quantity of(String text) {
    return new Quantity(Fixed.parse(text));
  }

  public Quantity plus(Quantity other) {
    return new Quantity(Math.addExact(raw, other.raw));
  }

  public Quantity minus(Quantity other) {
    return new Quantity(Math.subtractExact(raw, other.raw));
  }

  public Quantity negate() {
    return new Quantity(Math.negateExact(raw));
  }

  public Quantity abs() {
    return raw < 0 ? negate() : this;
  }

  public int signum() {
    return Long.signum(raw);
  }

  public boolean isZero() {
    return raw == 0;
  }

  public boolean isMultipleOf(Quantity lot) {
    return Fixed.isMultipleOf(raw, lot.raw);
  }

  @Override
  public int compareTo(Quantity other) {
    return Long.compare(raw, other.raw);
  }

  @Override
  public String toString() {
    return Fixed.toString(raw);
  }
}
