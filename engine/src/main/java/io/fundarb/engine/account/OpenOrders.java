package io.fundarb.engine.account;

import java.util.HashMap;
import java.util.Map;

/**
 * Orders and margin transfers the engine has sent and not yet seen finish, per instrument, so
 * the planner never stacks a second request on a leg that still has one in flight.
 */
public final class OpenOrders {
  private final Map<Long, Integer> instrumentById = new HashMap<>();
  private final int[] pending;

  OpenOrders(int instruments) {
    pending = new int[instruments];
  }

  void add(long id, int instrument) {
    if (instrumentById.putIfAbsent(id, instrument) != null) {
      throw new IllegalArgumentException("request id " + id + " already in flight");
    }
    pending[instrument]++;
  }

  void finish(long id) {
    Integer instrument = instrumentById.remove(id);
    if (instrument != null) {
      pending[instrument]--;
    }
  }

  public boolean hasPending(int instrument) {
    return pending[instrument] > 0;
  }

  public int size() {
    return instrumentById.size();
  }

  public boolean contains(long id) {
    return instrumentById.containsKey(id);
  }
}
