package io.fundarb.engine.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Assertions;

/**
 * What a test needs from the machine (the real data, a browser, a database server). On a
 * developer's machine a missing one skips the test with the reason; under CI ({@code CI=true}) it
 * fails the test, so a green build never hides a headline test that did not run.
 */
public final class Required {
  private Required() {}

  /** Skips (locally) or fails (CI) unless {@code present}. */
  public static void require(boolean present, String what) {
    if (present) {
      return;
    }
    if (underCi()) {
      Assertions.fail(what + " — required under CI=true, where nothing that matters may skip");
    }
    assumeTrue(false, what);
  }

  /** The environment variable's value; skips (locally) or fails (CI) when it is not set. */
  public static String environment(String name, String why) {
    String value = System.getenv(name);
    require(value != null && !value.isBlank(), name + " is not set: " + why);
    return value;
  }

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
