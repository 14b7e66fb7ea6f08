package io.fundarb.engine.instrument;

import io.fundarb.engine.money.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments one account trades, densely indexed so hot loops use arrays instead of maps:
 * asset {@code a} has its spot leg at index {@code 2a} and its perp leg at {@code 2a + 1}. All
 * legs share one quote currency (the account's cash currency).
 */
public final class Universe {
  private final List<CarryPair> pairs;
  private final Instrument[] instruments;
  private final InstrumentId[] ids;
  private final Map<InstrumentId, Integer> indexById = new HashMap<>();
  private final Map<AssetId, Integer> assetIndex = new HashMap<>();
  private final Currency quote;
  private static final int IDENTITY_SCAN = 16;

  public Universe(List<CarryPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("a universe needs at least one asset");
    }
    this.pairs = List.copyOf(pairs);
    this.quote = pairs.get(0).spot().quote();
    this.instruments = new Instrument[pairs.size() * 2];
    this.ids = new InstrumentId[instruments.length];
    for (int a = 0; a < pairs.size(); a++) {
      CarryPair pair = pairs.get(a);
      if (!pair.spot().quote().equals(quote)) {
        throw new IllegalArgumentException("all assets must be quoted in " + quote + ": " + pair.asset());
      }
      if (assetIndex.put(pair.asset(), a) != null) {
        throw new IllegalArgumentException("duplicate asset " + pair.asset());
      }
      instruments[spotIndex(a)] = pair.spot();
      instruments[perpIndex(a)] = pair.perp();
      ids[spotIndex(a)] = pair.spot().id();
      ids[perpIndex(a)] = pair.perp().id();
      indexById.put(pair.spot().id(), spotIndex(a));
      indexById.put(pair.perp().id(), perpIndex(a));
    }
  }

  /**
   * The universe of one asset of this one (its spot leg at 0, its perp at 1): the books and the
   * market an asset's own actors keep, with the very instrument objects of this universe.
   */
  public Universe single(int asset) {
    return new Universe(List.of(pairs.get(asset)));
  }

  public static int spotIndex(int asset) {
    return 2 * asset;
  }

  public static int perpIndex(int asset) {
    return 2 * asset + 1;
  }

  public static boolean isPerp(int instrument) {
    return (instrument & 1) == 1;
  }

  public static int assetOf(int instrument) {
    return instrument >> 1;
  }

  public int assetCount() {
    return pairs.size();
  }

  public int instrumentCount() {
    return instruments.length;
  }

  public CarryPair pair(int asset) {
    return pairs.get(asset);
  }

  public List<CarryPair> pairs() {
    return pairs;
  }

  public Instrument instrument(int index) {
    return instruments[index];
  }

  public InstrumentId id(int index) {
    return ids[index];
  }

  public LinearPerpetual perp(int index) {
    return (LinearPerpetual) instruments[index];
  }

  public Currency quote() {
    return quote;
  }

  /** Index of an instrument, or -1 when this universe does not trade it. */
  public int indexOf(InstrumentId id) {
    if (instruments.length <= IDENTITY_SCAN) {
      // Reports usually carry the very id objects of this universe: a reference scan beats hashing.
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == id) {
          return i;
        }
      }
    }
    Integer index = indexById.get(id);
    return index == null ? -1 : index;
  }

  /** Index of an asset, or -1. */
  public int assetIndexOf(AssetId id) {
    Integer index = assetIndex.get(id);
    return index == null ? -1 : index;
  }
}
