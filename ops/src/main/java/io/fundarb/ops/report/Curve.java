package io.fundarb.ops.report;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A series of (time, value) points for a report chart, in time order. */
record Curve(List<Date> x, List<Double> y) {
  static Curve empty() {
    return new Curve(new ArrayList<>(), new ArrayList<>());
  }

  void add(long time, double value) {
    x.add(new Date(time));
    y.add(value);
  }

  /** Each point's fall from the running peak, as a negative fraction of it (0 at a new high). */
  Curve drawdown() {
    Curve dd = empty();
    double peak = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < y.size(); k++) {
      peak = Math.max(peak, y.get(k));
      dd.add(x.get(k).getTime(), peak <= 0 ? 0 : y.get(k) / peak - 1);
    }
    return dd;
  }

  /** Adds this curve to {@code chart} as a line; an empty curve adds nothing. */
  void plot(XYChart chart, String name) {
    if (!x.isEmpty()) {
      chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }
  }
}
