package io.fundarb.engine.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.risk.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(3, 1_000, 5_000, 10_000));

  @Test
  void opensOnlyWhenEnoughFailuresFallInsideTheWindow() {
    assertFalse(breaker.onFailure(0));
    assertFalse(breaker.onFailure(900));
    assertFalse(breaker.onFailure(1_500)); // 0 .. 1500 spans more than the window
    assertTrue(breaker.onFailure(1_800)); // 900, 1500, 1800
    assertEquals(State.OPEN, breaker.state());
    assertTrue(breaker.blocksEntries());
  }

  @Test
  void halfOpensAfterTheCoolDownAndClosesAfterAHealthyPeriod() {
    assertEquals(Long.MAX_VALUE, breaker.nextChange(), "closed: time alone never moves it");
    breaker.open(0);
    assertEquals(5_000, breaker.nextChange());
    assertEquals(State.OPEN, breaker.onTime(4_999));
    assertEquals(State.HALF_OPEN, breaker.onTime(5_000));
    assertEquals(15_000, breaker.nextChange());
    assertTrue(breaker.blocksEntries());
    assertEquals(State.HALF_OPEN, breaker.onTime(14_999));
    assertEquals(State.CLOSED, breaker.onTime(15_000));
    assertEquals(Long.MAX_VALUE, breaker.nextChange());
    assertFalse(breaker.blocksEntries());
  }

  @Test
  void aFailureWhileHalfOpenOpensAgain() {
    breaker.open(0);
    breaker.onTime(5_000);
    assertTrue(breaker.onFailure(6_000));
    assertEquals(State.OPEN, breaker.state());
    assertEquals(State.OPEN, breaker.onTime(10_999));
  }
}
