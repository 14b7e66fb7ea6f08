package io.fundarb.engine.venue;

/**
 * The last {@code capacity} client order ids a venue has seen, as a real venue remembers them: an
 * id seen again among them is a duplicate, older ones are forgotten, so memory stays bounded.
 * Primitive (a ring of the ids in arrival order and an open-addressing set over it): every order a
 * backtest sends passes here, and a boxed linked hash set was a measurable share of the loop. Both
 * grow with use up to the capacity: a training run builds a venue per episode, most of which see
 * a few hundred orders.
 */
final class RecentIds {
  private static final int INITIAL = 16;
  private final int capacity;
  private long[] ring;
  private long[] keys;
  private boolean[] used;
  private int mask;
  private int oldest;
  private int size;

  RecentIds(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.ring = new long[Math.min(capacity, INITIAL)];
    table(Integer.highestOneBit(ring.length * 2 - 1) << 1);
  }

  /** Remembers {@code id}; false when it is among the ids remembered (a duplicate, not added again). */
  boolean add(long id) {
    if (used[slotOf(id)]) {
      return false;
    }
    if (size == capacity) {
      remove(ring[oldest]);
      oldest = (oldest + 1) % ring.length;
      size--;
    } else if (size == ring.length) {
      grow();
    }
    int slot = slotOf(id); // a removal or a rehash moves the free slot
    used[slot] = true;
    keys[slot] = id;
    ring[(oldest + size) % ring.length] = id;
    size++;
    return true;
  }

  boolean contains(long id) {
    return used[slotOf(id)];
  }

  /** A ring twice as long (never past the capacity) and a table at most half full. */
  private void grow() {
    long[] ids = new long[Math.min(capacity, ring.length * 2)];
    for (int k = 0; k < size; k++) {
      ids[k] = ring[(oldest + k) % ring.length];
    }
    ring = ids;
    oldest = 0;
    table(Integer.highestOneBit(ring.length * 2 - 1) << 1);
    for (int k = 0; k < size; k++) {
      int slot = slotOf(ring[k]);
      used[slot] = true;
      keys[slot] = ring[k];
    }
  }

  private void table(int slots) {
    keys = new long[slots];
    used = new boolean[slots];
    mask = slots - 1;
  }

  /** The slot holding {@code id}, or the free slot where it would go. */
  private int slotOf(long id) {
    int slot = hash(id) & mask;
    while (used[slot] && keys[slot] != id) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Linear probing's deletion: later members of the probe chain move back into the gap. */
  private void remove(long id) {
    int gap = slotOf(id);
    used[gap] = false;
    int slot = (gap + 1) & mask;
    while (used[slot]) {
      int home = hash(keys[slot]) & mask;
      // the entry may fill the gap unless its home lies cyclically in (gap, slot]
      if (((slot - home) & mask) >= ((slot - gap) & mask)) {
        keys[gap] = keys[slot];
        used[gap] = true;
        used[slot] = false;
        gap = slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int hash(long id) {
    long h = id * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
