package io.fundarb.engine.exec;

/**
 * The ids of an account's requests (orders and margin transfers): each asset numbers its own, so
 * an asset's order actor needs nobody to hand it ids, and the backtester numbers them the same way
 * so that a node and a backtest of the same decisions send the same ids. An id reads as
 * {@code sequence * 1,000,000 + asset index}: 3000001 is the third request of asset 1.
 */
public final class RequestIds {
  /** Assets one account can number apart. */
  public static final int MAX_ASSETS = 1_000_000;

  private RequestIds() {}

  /** The {@code sequence}-th (from 1) request of the account's asset {@code asset}. */
  public static long of(int asset, long sequence) {
    if (asset < 0 || asset >= MAX_ASSETS || sequence < 1) {
      throw new IllegalArgumentException("no request id for asset " + asset + ", sequence " + sequence);
    }
    return Math.addExact(Math.multiplyExact(sequence, MAX_ASSETS), asset);
  }

  /** The account's asset index an id belongs to. */
  public static int assetOf(long id) {
    return (int) (id % MAX_ASSETS);
  }

  /** The sequence number of an id within its asset. */
  public static long sequenceOf(long id) {
    return id / MAX_ASSETS;
  }
}
