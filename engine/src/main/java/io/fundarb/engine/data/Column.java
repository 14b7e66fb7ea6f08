package io.fundarb.engine.data;

import java.util.List;
import java.util.Locale;

/**
 * A column a reader needs: its name, the header spellings used by the supported sources, its
 * position in header-less Binance files (-1 if it has none), and whether it must be present.
 */
record Column(String name, List<String> aliases, int position, ColumnKind kind, boolean required) {
  boolean matches(String header) {
    String h = header.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    return name.equals(h) || aliases.contains(h);
  }
}
