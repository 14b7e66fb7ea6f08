package io.fundarb.actors.node;

import io.fundarb.actors.asset.OrderActor;
import io.fundarb.actors.asset.OrderActor.Trail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the venue's execution reports go: each asset's order journal, exactly once. A fresh node
 * journals every report. A restarted node first loads what the journals hold (their trails) and
 * re-runs the deterministic venue; reports the journal already holds are matched against its
 * trail instead of journaled again (no duplicate), reports past its end are journaled (the ones
 * the crash lost), and a report sequence that differs from the journal's is a mismatch: reported
 * so the node can put the asset in SAFE mode.
 */
public final class OrderJournal implements JournalingListener.Sink {
  /** An asset whose journal and venue disagree. */
  record Mismatch(String asset, String detail) {
    @Override
    public String toString() {
      return asset + ": " + detail;
    }
  }

  /** An order event as the venue reported it, for the operator's view of recent orders. */
  public record Recent(String asset, OrderActor.OrderEvent event) {}

  private static final int RECENT = 100;

  /** Delivers an event to an asset's order journal. */
  interface Writer {
    void write(String asset, OrderActor.OrderEvent event);
  }

  private final Writer writer;
  private final Map<String, Trail> journaled = new HashMap<>();
  private final Map<String, Trail> sent = new HashMap<>();
  private final List<Mismatch> mismatches = new ArrayList<>();
  private final java.util.ArrayDeque<Recent> recent = new java.util.ArrayDeque<>(RECENT);
  private long matched;
  private long written;

  OrderJournal(Writer writer) {
    this.writer = writer;
  }

  /** What each asset's journal held when the node started (empty for a fresh journal). */
  void recovered(Map<String, Trail> trails) {
    journaled.putAll(trails);
  }

  @Override
  public void journal(String asset, OrderActor.OrderEvent event) {
    Trail held = journaled.getOrDefault(asset, Trail.EMPTY);
    Trail next = sent.getOrDefault(asset, Trail.EMPTY).then(event);
    sent.put(asset, next);
    if (recent.size() == RECENT) {
      recent.pollFirst();
    }
    recent.addLast(new Recent(asset, event));
    if (next.events() > held.events()) {
      written++;
      writer.write(asset, event);
    } else {
      matched++;
      if (next.events() == held.events() && next.digest() != held.digest()) {
        mismatches.add(new Mismatch(asset, "the venue's first " + held.events()
            + " order events differ from the journal's (digest mismatch)"));
      }
    }
  }

  /** True once every asset has re-produced at least what its journal held. */
  boolean caughtUp() {
    for (Map.Entry<String, Trail> held : journaled.entrySet()) {
      if (sent.getOrDefault(held.getKey(), Trail.EMPTY).events() < held.getValue().events()) {
        return false;
      }
    }
    return true;
  }

  /** Assets whose journal holds orders the venue never produced (called when recovery ends). */
  List<Mismatch> unmatched() {
    List<Mismatch> out = new ArrayList<>();
    journaled.forEach((asset, held) -> {
      long produced = sent.getOrDefault(asset, Trail.EMPTY).events();
      if (produced < held.events()) {
        out.add(new Mismatch(asset, "the journal holds " + held.events() + " order events, the venue produced "
            + produced));
      }
    });
    return out;
  }

  /** Mismatches found since the last call. */
  List<Mismatch> drainMismatches() {
    if (mismatches.isEmpty()) {
      return List.of(); // the usual case, asked once per step
    }
    List<Mismatch> out = List.copyOf(mismatches);
    mismatches.clear();
    return out;
  }

  /** True if {@code trail} is everything the venue reported for the asset (journal complete). */
  boolean isJournaled(String asset, Trail trail) {
    return sent.getOrDefault(asset, Trail.EMPTY).equals(trail);
  }

  /** The last {@value #RECENT} reports, oldest first. */
  List<Recent> recent() {
    return List.copyOf(recent);
  }

  /** Reports that were already in a journal (matched, not written again). */
  long matched() {
    return matched;
  }

  /** Reports written to a journal by this node. */
  long written() {
    return written;
  }
}
