package io.fundarb.engine.exec;

import static io.fundarb.engine.money.Fixed.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.account.Portfolio;
import io.fundarb.engine.account.TradeJournal;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketState;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.testing.TestInstruments;
import java.util.List;
import org.junit.jupiter.api.Test;

class HedgePlannerTest {
  private final Universe universe = TestInstruments.universe("BINANCE", "BTCUSDT");
  private final HedgePlanner planner = new HedgePlanner(universe, PlannerSettings.defaults());
  private final MarketState market = new MarketState(2);
  private final Portfolio portfolio = new Portfolio(universe, Fixed.ofUnits(100_000), 1, TradeJournal.disabled());
  private static final long NOTIONAL = Fixed.ofUnits(40_000);

  private void prices(String spot, String perp) {
    market.onBar(0, 0, parse(spot), parse(spot), parse(spot), parse(spot), parse("100"));
    market.onBar(1, 0, parse(perp), parse(perp), parse(perp), parse(perp), parse("100"));
  }

  private List<PlannedAction> plan(double target) {
    return planner.plan(0, Rate.ofDouble(target), NOTIONAL, portfolio.ledger(), portfolio.openOrders(), market,
        portfolio.ledger().cash());
  }

  private void hold(String qty, String spotPrice, String perpPrice) {
    portfolio.ledger().trade(0, parse(qty), parse(spotPrice), 0, 0);
    portfolio.ledger().trade(1, -parse(qty), parse(perpPrice), 0, 0);
  }

  private List<PlannedAction> planLegs(String spot, String perp, boolean unhedged) {
    return planner.planLegs(0, parse(spot), parse(perp), NOTIONAL, unhedged, portfolio.ledger(),
        portfolio.openOrders(), market, portfolio.ledger().cash());
  }

  @Test
  void aPerpLegHedgedOnAnotherVenueTradesAloneAndRestsInsideTheBand() {
    prices("40000", "40000");
    assertEquals(List.of(new PlannedOrder(1, parse("-0.5"), false)), planLegs("0", "-0.5", true),
        "a short perp with no spot beside it: its hedge is on another venue");
    portfolio.ledger().trade(1, -parse("0.5"), parse("40000"), 0, 0);
    // Target 0.45: off by 0.05 BTC = 2,000, inside the 4,000 band; the portfolio says hedged.
    assertEquals(List.of(), planLegs("0", "-0.45", false));
    // The same gap when the asset's legs over all venues do not cancel: to the target now.
    assertEquals(List.of(new PlannedOrder(1, parse("0.05"), true)), planLegs("0", "-0.45", true));
    assertEquals(List.of(new PlannedOrder(1, parse("0.5"), true)), planLegs("0", "0", false), "out at zero");
  }

  @Test
  void aLegThatTradesAloneHedgesWhatTheOtherLegHoldsNotTheTarget() {
    prices("40000", "40000");
    // The spot leg filled at an earlier price (1.02 BTC); the perp leg never did (a restart).
    portfolio.ledger().trade(0, parse("1.02"), parse("39200"), 0, 0);
    // Target 1 BTC: the spot leg is 800 off, inside the 4,000 band, so only the perp trades, and it
    // sells what the spot holds, not the target's 1 BTC, which would leave 0.02 BTC unhedged.
    assertEquals(List.of(new PlannedOrder(1, parse("-1.02"), false)), plan(1));
  }

  @Test
  void explicitCarryLegsPlanLikeTheRatio() {
    prices("30000", "30010");
    assertEquals(plan(1), planLegs("1.333", "-1.333", false));
  }

  @Test
  void entersBothLegsWithTheSameQuantityOnTheSharedLot() {
    prices("30000", "30010");
    // 40,000 / 30,000 = 1.3333.. BTC, cut to the 0.001 lot both legs accept.
    assertEquals(List.of(new PlannedOrder(0, parse("1.333"), false), new PlannedOrder(1, parse("-1.333"), false)), plan(1));
  }

  @Test
  void halfTargetSizesHalfTheNotional() {
    prices("40000", "40000");
    assertEquals(List.of(new PlannedOrder(0, parse("0.5"), false), new PlannedOrder(1, parse("-0.5"), false)), plan(0.5));
  }

  @Test
  void leavesTheHedgeAloneInsideTheRebalanceBand() {
    prices("40000", "40000");
    hold("1", "40000", "40000");
    prices("42000", "42000"); // 1 BTC is now 5 % above target value: inside the 10 % band
    assertEquals(List.of(), plan(1));
  }

  @Test
  void resizesBothLegsAndSquaresMarginWhenPriceDriftsPastTheBand() {
    prices("40000", "40000");
    hold("1", "40000", "40000");
    prices("50000", "50000"); // target 0.8 BTC; the short lost 10,000 of its 40,000 margin
    List<PlannedAction> actions = plan(1);
    assertEquals(new PlannedOrder(0, parse("-0.2"), false), actions.get(0), "sell spot first: it frees cash");
    assertEquals(new PlannedOrder(1, parse("0.2"), true), actions.get(1));
    // Retained 0.8 BTC short needs 40,000 at 1x; its share of the 30,000 balance is 24,000.
    assertEquals(new PlannedTransfer(1, parse("16000")), actions.get(2));
  }

  @Test
  void exitsCompletelyWithAReduceOnlyPerpOrder() {
    prices("40000", "40000");
    hold("1", "40000", "40000");
    assertEquals(List.of(new PlannedOrder(0, parse("-1"), false), new PlannedOrder(1, parse("1"), true)), plan(0),
        "reduce-only is a derivatives flag: the spot sell is a plain order");
  }

  @Test
  void topsUpMarginOutsideARebalanceWhenTheShortIsUnderwater() {
    prices("40000", "40000");
    hold("1", "40000", "40000");
    prices("40000", "43000"); // basis blow-out: spot unchanged, short loses 3,000 of 40,000
    assertEquals(List.of(), plan(1), "balance 37,000 vs required 43,000: above the 80 % top-up line");
    prices("40000", "48000");
    assertEquals(List.of(new PlannedTransfer(1, parse("16000"))), plan(1), "32,000 < 80 % of 48,000: back to 48,000");
  }

  @Test
  void releasesMarginThatGrewFarBeyondItsRequirement() {
    prices("40000", "40000");
    hold("1", "40000", "40000");
    prices("40000", "25000"); // spot kept, short gained 15,000: balance 55,000 vs 25,000 required
    List<PlannedAction> actions = plan(1);
    assertEquals(List.of(new PlannedTransfer(1, parse("-30000"))), actions);
  }

  @Test
  void waitsWhileALegHasARequestInFlight() {
    prices("40000", "40000");
    portfolio.track(7, Universe.perpIndex(0));
    assertEquals(List.of(), plan(1));
  }

  @Test
  void skipsTradesBelowTheMinimumNotional() {
    prices("40000", "40000");
    assertEquals(List.of(), planner.plan(0, Rate.ofDouble(1), parse("80"), portfolio.ledger(), portfolio.openOrders(), market,
        portfolio.ledger().cash()),
        "0.002 BTC perp is 80 USDT, below the 100 minimum: nothing is sent rather than one leg");
    assertTrue(plan(0).isEmpty());
  }
}
