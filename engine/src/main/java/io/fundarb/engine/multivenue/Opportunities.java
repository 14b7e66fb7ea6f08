package io.fundarb.engine.multivenue;

import io.fundarb.engine.money.Rate;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.engine.data.Bars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every opportunity a portfolio over some venues can hold, and what entering and leaving each costs. */
public final class Opportunities {
  private Opportunities() {}

  /** The opportunities, and why any pair of venues was left out of the cross-venue ones. */
  public record Offered(List<Opportunity> opportunities, List<String> excluded) {}

  /**
   * Carry on every venue for every asset it trades; with {@code crossVenue}, also, for every asset
   * two venues both trade and each ordered pair of them, long spot on one against the other's perp
   * and long one's perp against the other's perp — unless the two venues' bars of that asset are
   * not sampled at the same instants ({@link BarAlignment}), where a cross-venue position's P&amp;L
   * would be an artefact of the data. The ablation without cross-venue opportunities runs with
   * {@code crossVenue} false.
   */
  public static Offered of(List<VenueMarket> venues, boolean crossVenue) {
    List<Opportunity> out = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (int v = 0; v < venues.size(); v++) {
      VenueMarket m = venues.get(v);
      for (int a = 0; a < m.universe().assetCount(); a++) {
        out.add(Opportunity.carry(symbol(m, a), v, m.name(), a));
      }
    }
    if (!crossVenue) {
      return new Offered(out, List.of());
    }
    Map<String, BarAlignment> judged = new HashMap<>(); // one verdict per asset and pair of venues, both ways
    for (int x = 0; x < venues.size(); x++) {
      for (int y = 0; y < venues.size(); y++) {
        if (x == y) {
          continue;
        }
        VenueMarket longVenue = venues.get(x);
        VenueMarket shortVenue = venues.get(y);
        for (int a = 0; a < longVenue.universe().assetCount(); a++) {
          int b = assetIndex(shortVenue, symbol(longVenue, a));
          if (b < 0) {
            continue;
          }
          String symbol = symbol(longVenue, a);
          Bars longBars = longVenue.data().assets().get(a).spot();
          Bars shortBars = shortVenue.data().assets().get(b).spot();
          boolean lowerFirst = x < y;
          BarAlignment alignment = judged.computeIfAbsent(symbol + " " + Math.min(x, y) + " " + Math.max(x, y),
              k -> lowerFirst ? BarAlignment.of(longBars, shortBars) : BarAlignment.of(shortBars, longBars));
          if (!alignment.aligned()) {
            if (x < y) {
              excluded.add(String.format(Locale.ROOT,
                  "%s between %s and %s: their bars are not sampled at the same instants (median close gap %.3f%% at"
                      + " the same time, %.3f%% a bar apart)", symbol, longVenue.name(), shortVenue.name(),
                  100 * alignment.medianGapSameTime(), 100 * alignment.medianGapBarApart()));
            }
            continue;
          }
          var shortLeg = new Opportunity.Leg(y, shortVenue.name(), b, true);
          out.add(new Opportunity(Opportunity.Kind.SPOT_PERP, symbol,
              new Opportunity.Leg(x, longVenue.name(), a, false), shortLeg));
          out.add(new Opportunity(Opportunity.Kind.PERP_PERP, symbol,
              new Opportunity.Leg(x, longVenue.name(), a, true), shortLeg));
        }
      }
    }
    return new Offered(out, List.copyOf(excluded));
  }

  /**
   * Taker fees and half the spread on both legs, in and out, as a fraction of notional: the same
   * estimate as a single venue's round trip cost, leg by leg on each leg's venue.
   */
  public static double roundTripCost(Opportunity o, List<VenueMarket> venues) {
    return 2 * (legCost(o.longLeg(), venues) + legCost(o.shortLeg(), venues));
  }

  private static double legCost(Opportunity.Leg leg, List<VenueMarket> venues) {
    SimVenueConfig venue = venues.get(leg.venue()).venue();
    long taker = leg.perp() ? venue.perpFees().takerRate() : venue.spotFees().takerRate();
    return Rate.toDouble(taker) + venue.slippage().halfSpreadBps() / 10_000.0;
  }

  private static String symbol(VenueMarket m, int asset) {
    return m.universe().pair(asset).asset().symbol();
  }

  private static int assetIndex(VenueMarket m, String symbol) {
    for (int a = 0; a < m.universe().assetCount(); a++) {
      if (symbol(m, a).equals(symbol)) {
        return a;
      }
    }
    return -1;
  }
}
