package io.fundarb.engine.market;

import java.util.List;

/**
 * What one asset's market did in one clock step: every event stamped with the step's time, in the
 * order they happened (bars, then funding, then sentiment in a replay). A replay cuts them from
 * its tape, a live feed from the asset's websockets; the asset's feed actor applies them.
 */
public record MarketStep(long time, List<MarketEvent> events) {
  public MarketStep {
    events = List.copyOf(events);
  }
}
