package io.fundarb.engine.account;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Orders and margin transfers the engine has sent and not yet seen finish, per instrument, so
 * the planner never stacks a second request on a leg that still has one in flight.
 */
public final class OpenOrders {
  private final Map<Long, Integer> instrumentById = new HashMap<>();
  private final Set<Long> transfers = new HashSet<>();
  private final Set<Long> cancelRequested = new HashSet<>();
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

  void addTransfer(long id, int perp) {
    add(id, perp);
    transfers.add(id);
  }

  void finish(long id) {
    transfers.remove(id);
    cancelRequested.remove(id);
    Integer instrument = instrumentById.remove(id);
    if (instrument != null) {
      pending[instrument]--;
    }
  }

  public boolean hasPending(int instrument) {
    return pending[instrument] > 0;
  }

  /**
   * Orders (not margin transfers) working on {@code instrument} that no cancel was requested
   * for yet, lowest id first; each is marked as cancel-requested.
   */
  public long[] takeCancellable(int instrument) {
    long[] ids = instrumentById.entrySet().stream()
        .filter(e -> e.getValue() == instrument && !transfers.contains(e.getKey())
            && !cancelRequested.contains(e.getKey()))
        .mapToLong(Map.Entry::getKey).sorted().toArray();
    for (long id : ids) {
      cancelRequested.add(id);
    }
    return ids;
  }

  public int size() {
    return instrumentById.size();
  }

  public boolean contains(long id) {
    return instrumentById.containsKey(id);
  }
}
