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
    long[] ids = cancellable(instrument);
    for (long id : ids) {
      cancelRequested.add(id);
    }
    return ids;
  }

  /** As {@link #takeCancellable}, without marking them. */
  public long[] cancellable(int instrument) {
    return instrumentById.entrySet().stream()
        .filter(e -> e.getValue() == instrument && !transfers.contains(e.getKey())
            && !cancelRequested.contains(e.getKey()))
        .mapToLong(Map.Entry::getKey).sorted().toArray();
  }

  /** A cancel was asked for order {@code id} (it is not asked again). */
  public void cancelRequested(long id) {
    if (instrumentById.containsKey(id)) {
      cancelRequested.add(id);
    }
  }

  /** Every request in flight, ascending: {@code [id, instrument, transfer 0/1, cancel requested 0/1]}. */
  long[][] entries() {
    return instrumentById.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new long[] {e.getKey(), e.getValue(), transfers.contains(e.getKey()) ? 1 : 0,
            cancelRequested.contains(e.getKey()) ? 1 : 0})
        .toArray(long[][]::new);
  }

  /** Takes back {@link #entries()}: these become the requests in flight. */
  void restore(long[][] entries) {
    instrumentById.clear();
    transfers.clear();
    cancelRequested.clear();
    java.util.Arrays.fill(pending, 0);
    for (long[] e : entries) {
      add(e[0], (int) e[1]);
      if (e[2] == 1) {
        transfers.add(e[0]);
      }
      if (e[3] == 1) {
        cancelRequested.add(e[0]);
      }
    }
  }

  /** The ids in flight, ascending. */
  public long[] ids() {
    return instrumentById.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
  }

  public int size() {
    return instrumentById.size();
  }

  public boolean contains(long id) {
    return instrumentById.containsKey(id);
  }
}
