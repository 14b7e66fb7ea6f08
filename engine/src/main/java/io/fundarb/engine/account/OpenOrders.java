package io.fundarb.engine.account;

import java.util.Arrays;

/**
 * Orders and margin transfers the engine has sent and not yet seen finish, per instrument, so
 * the planner never stacks a second request on a leg that still has one in flight.
 *
 * <p>Kept in flat arrays searched linearly: an account has a handful of requests in flight at a
 * time, and every decision that sends something tracks it here, so boxed hash maps were a
 * measurable share of a backtest (docs/BENCHMARKS.md).
 */
public final class OpenOrders {
  private static final int TRANSFER = 1;
  private static final int CANCEL_REQUESTED = 2;
  private long[] ids = new long[8];
  private int[] instruments = new int[8];
  private int[] flags = new int[8];
  private int size;
  private final int[] pending;

  OpenOrders(int instruments) {
    pending = new int[instruments];
  }

  void add(long id, int instrument) {
    add(id, instrument, 0);
  }

  void addTransfer(long id, int perp) {
    add(id, perp, TRANSFER);
  }

  private void add(long id, int instrument, int flag) {
    if (find(id) >= 0) {
      throw new IllegalArgumentException("request id " + id + " already in flight");
    }
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
      instruments = Arrays.copyOf(instruments, size * 2);
      flags = Arrays.copyOf(flags, size * 2);
    }
    ids[size] = id;
    instruments[size] = instrument;
    flags[size] = flag;
    size++;
    pending[instrument]++;
  }

  void finish(long id) {
    int i = find(id);
    if (i < 0) {
      return;
    }
    pending[instruments[i]]--;
    size--;
    ids[i] = ids[size];
    instruments[i] = instruments[size];
    flags[i] = flags[size];
  }

  private int find(long id) {
    for (int i = 0; i < size; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  public boolean hasPending(int instrument) {
    return pending[instrument] > 0;
  }

  /**
   * Orders (not margin transfers) working on {@code instrument} that no cancel was requested
   * for yet, lowest id first; each is marked as cancel-requested.
   */
  public long[] takeCancellable(int instrument) {
    long[] taken = cancellable(instrument);
    for (long id : taken) {
      flags[find(id)] |= CANCEL_REQUESTED;
    }
    return taken;
  }

  /** As {@link #takeCancellable}, without marking them. */
  public long[] cancellable(int instrument) {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (instruments[i] == instrument && flags[i] == 0) {
        out[n++] = ids[i];
      }
    }
    out = Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  /** A cancel was asked for order {@code id} (it is not asked again). */
  public void cancelRequested(long id) {
    int i = find(id);
    if (i >= 0) {
      flags[i] |= CANCEL_REQUESTED;
    }
  }

  /** Every request in flight, ascending: {@code [id, instrument, transfer 0/1, cancel requested 0/1]}. */
  long[][] entries() {
    long[][] out = new long[size][];
    for (int i = 0; i < size; i++) {
      out[i] = new long[] {ids[i], instruments[i], flags[i] & TRANSFER, (flags[i] & CANCEL_REQUESTED) >> 1};
    }
    Arrays.sort(out, (x, y) -> Long.compare(x[0], y[0]));
    return out;
  }

  /** Takes back {@link #entries()}: these become the requests in flight. */
  void restore(long[][] entries) {
    size = 0;
    Arrays.fill(pending, 0);
    for (long[] e : entries) {
      add(e[0], (int) e[1], (e[2] == 1 ? TRANSFER : 0) | (e[3] == 1 ? CANCEL_REQUESTED : 0));
    }
  }

  /** The ids in flight, ascending. */
  public long[] ids() {
    long[] out = Arrays.copyOf(ids, size);
    Arrays.sort(out);
    return out;
  }

  public int size() {
    return size;
  }

  public boolean contains(long id) {
    return find(id) >= 0;
  }
}
