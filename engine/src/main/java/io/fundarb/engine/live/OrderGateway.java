package io.fundarb.engine.live;

import io.fundarb.engine.exec.LegMarket;
import io.fundarb.engine.exec.Reconciliation;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A venue account reached over a connection (an exchange's testnet, or the loopback venue), as each
 * asset's order actor uses it: it sends its own requests and hears its own outcomes. Calls return
 * at once; the work runs on the gateway's threads.
 */
public interface OrderGateway {
  /**
   * The asset's outcomes go to {@code reports} from now on (fills, ends, refusals, funding: one
   * list per send or settlement, on a gateway thread), and a difference between what the venue
   * holds and what was executed to {@code mismatches}. {@code spot} and {@code perp} (Fixed) are
   * what the asset's books hold now — everything this run executed for it, which the venue's
   * holdings are reconciled against and funding is booked on.
   *
   * @param asset the asset's index in the account
   * @param inFlight requests the asset's journal shows in flight (a restart): the venue's holdings are
   *     not reconciled against the books until {@link #resolve} has booked what became of them
   */
  void attach(int asset, long spot, long perp, int inFlight, Consumer<List<VenueReport>> reports,
      Consumer<Reconciliation.Mismatch> mismatches);

  /**
   * Sends the requests of one of the asset's decisions (an opposite spot and perp pair as one
   * hedge) and returns at once; the outcomes reach the attached consumer.
   *
   * @param spot the spot leg's market as the decision saw it (a fresher book may replace it)
   */
  void send(int asset, List<VenueRequest> requests, LegMarket spot, LegMarket perp);

  /**
   * After a restart: the outcomes of the asset's requests that the node had sent but never booked
   * ({@code inFlight}, client ids), asked of the venue by id; nothing is sent again. Blocks.
   */
  List<VenueReport> resolve(int asset, long[] inFlight);

  /** The venue's holdings of the asset now (spot balance, perp position). Blocks. */
  Reconciliation.Holding holding(int asset);
}
