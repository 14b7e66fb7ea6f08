package io.fundarb.engine.live;

import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.venue.ExecutionListener;
import io.fundarb.engine.venue.Venue;
import java.util.List;

/**
 * A venue reached over a connection (an exchange's testnet, or the loopback venue). Orders are
 * sent once the step's decisions are complete and their outcomes arrive on other threads; the
 * account takes them on its own thread at the start of the next step, so its books change only
 * between steps, exactly as with the simulated venue (whose fills also land at the next step).
 */
public interface ConnectedVenue extends Venue {
  /** Called once by the account before the first step. */
  void connect(MarketState market, ExecutionListener listener);

  /** {@code callback} runs (on any thread) whenever outcomes or reconciliation findings arrive. */
  void onArrival(Runnable callback);

  /** Hands every outcome that arrived since the last call to the listener (the account's thread). */
  void deliver(long time);

  /** A funding settlement of {@code perp} at {@code rate} (Rate): pays or charges its position. */
  void onFunding(int perp, long time, long rate);

  /** The step's decisions are complete: sends what they submitted (each asset's legs together). */
  void afterDecisions();

  /** Legs on which the venue and the executions reported to the node disagree, since the last call. */
  List<Reconciliation.Mismatch> drainMismatches();
}
