package io.fundarb.engine.risk;

import java.util.Arrays;
import java.util.Locale;

/**
 * The limits an operator may change while a node runs. A change may tighten a limit down to zero
 * and restore it up to its configured value, never above: the configuration file is the ceiling,
 * so a leaked admin token can reduce risk but never add any.
 *
 * @param maxPosition largest |hedge ratio| per asset
 * @param maxPortfolio portfolio notional cap, as a fraction of the sum of max notionals
 * @param maxDailyLoss daily loss budget, as a fraction of the day's opening equity (never 0: a
 *     zero budget would be "spent" by any rounding loss)
 */
public record TunableLimits(double maxPosition, double maxPortfolio, double maxDailyLoss) {
  /** A limit's name as the admin API and the journal spell it. */
  public enum Name {
    MAX_POSITION, MAX_PORTFOLIO, MAX_DAILY_LOSS;

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Name parse(String key) {
      for (Name n : values()) {
        if (n.key().equals(key)) {
          return n;
        }
      }
      throw new IllegalArgumentException("unknown limit '" + key + "'; tunable limits are "
          + Arrays.stream(values()).map(Name::key).toList());
    }
  }

  public TunableLimits {
    check(Name.MAX_POSITION, maxPosition, 1);
    check(Name.MAX_PORTFOLIO, maxPortfolio, 1);
    check(Name.MAX_DAILY_LOSS, maxDailyLoss, 1);
  }

  public double get(Name name) {
    return switch (name) {
      case MAX_POSITION -> maxPosition;
      case MAX_PORTFOLIO -> maxPortfolio;
      case MAX_DAILY_LOSS -> maxDailyLoss;
    };
  }

  /** These limits with {@code name} set to {@code value}, refused when outside [0, the ceiling's value]. */
  public TunableLimits with(Name name, double value, TunableLimits ceiling) {
    check(name, value, ceiling.get(name));
    return switch (name) {
      case MAX_POSITION -> new TunableLimits(value, maxPortfolio, maxDailyLoss);
      case MAX_PORTFOLIO -> new TunableLimits(maxPosition, value, maxDailyLoss);
      case MAX_DAILY_LOSS -> new TunableLimits(maxPosition, maxPortfolio, value);
    };
  }

  private static void check(Name name, double value, double ceiling) {
    boolean positive = name == Name.MAX_DAILY_LOSS ? value > 0 : value >= 0;
    if (!positive || !(value <= ceiling)) {
      throw new IllegalArgumentException(name.key() + " must be in " + (name == Name.MAX_DAILY_LOSS ? "(0, " : "[0, ")
          + ceiling + "] (the configured value is the ceiling), got " + value);
    }
  }
}
