package io.fundarb.engine.data;

import io.fundarb.engine.time.Times;

/**
 * Identifies one series in a data directory; {@code intervalMs} is 0 for funding and sentiment,
 * {@code venue} and {@code symbol} are empty for sentiment.
 */
public record SeriesKey(SeriesType type, String venue, String symbol, long intervalMs)
    implements Comparable<SeriesKey> {

  @Override
  public int compareTo(SeriesKey o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    if (type == SeriesType.SENTIMENT) {
      return type.label();
    }
    String name = venue + ":" + symbol + " " + type.label();
    return intervalMs > 0 ? name + " " + Times.formatInterval(intervalMs) : name;
  }
}
