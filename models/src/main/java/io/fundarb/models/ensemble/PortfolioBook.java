package io.fundarb.models.ensemble;

import io.fundarb.engine.instrument.AssetId;
import java.util.HashMap;
import java.util.Map;

/**
 * The gross targets the ensemble holds across the assets of one run, so that each asset's
 * projection sees what the portfolio notional budget leaves. Shared by the run's per-asset
 * strategies, which a node may call from different threads.
 */
final class PortfolioBook {
  private final Map<AssetId, Double> gross = new HashMap<>();

  synchronized void join(AssetId asset) {
    gross.putIfAbsent(asset, 0.0);
  }

  synchronized double othersGross(AssetId asset) {
    double sum = 0;
    for (Map.Entry<AssetId, Double> e : gross.entrySet()) {
      if (!e.getKey().equals(asset)) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  synchronized int assets() {
    return Math.max(1, gross.size());
  }

  synchronized void hold(AssetId asset, double target) {
    gross.put(asset, Math.abs(target));
  }
}
