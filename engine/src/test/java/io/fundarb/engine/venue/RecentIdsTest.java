package io.fundarb.engine.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
  /** The same answers as a bounded insertion-ordered set, for any ids (collisions, repeats, wrap-around). */
  @Property(tries = 300, seed = "20261205")
  void answersAsABoundedInsertionOrderedSet(@ForAll("ids") List<Long> ids, @ForAll @IntRange(min = 1, max = 100) int capacity) {
    RecentIds recent = new RecentIds(capacity);
    Map<Long, Boolean> model = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
    for (long id : ids) {
      assertEquals(model.putIfAbsent(id, true) == null, recent.add(id), "add " + id);
      for (long known : model.keySet()) {
        assertTrue(recent.contains(known), "remembers " + known);
      }
    }
  }

  @Test
  void forgetsTheOldestOnceFull() {
    RecentIds recent = new RecentIds(2);
    assertTrue(recent.add(1));
    assertTrue(recent.add(2));
    assertFalse(recent.add(1), "a duplicate among the remembered");
    assertTrue(recent.add(3)); // forgets 1
    assertFalse(recent.contains(1));
    assertTrue(recent.add(1), "forgotten, so accepted again");
  }

  @Provide
  Arbitrary<List<Long>> ids() {
    // few distinct values and multiples of the table size: repeats and long probe chains
    return Arbitraries.oneOf(Arbitraries.longs().between(0, 30), Arbitraries.longs().between(0, 8).map(x -> x * 128),
        Arbitraries.longs()).list().ofMaxSize(300);
  }
}
