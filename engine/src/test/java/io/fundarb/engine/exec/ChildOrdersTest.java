package io.fundarb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fundarb.engine.exec.ChildOrders.Child;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ChildOrdersTest {
  private static final long LOT = Fixed.parse("0.001");
  private static final long TICK = Fixed.parse("0.1");
  private static final ChildOrders.Settings TEN_PERCENT_TEN_BPS =
      new ChildOrders.Settings(Rate.parse("0.1"), Rate.parse("0.001"));

  private static LegMarket market(String reference, String recentVolume, String minNotional) {
    return new LegMarket(Fixed.parse(reference), Fixed.parse(recentVolume), LOT, TICK, Fixed.parse(minNotional));
  }

  @Test
  void aLegLargerThanTheLiquidityCapIsSplitAndPricedAtTheBandEdge() {
    // 10 % of 4 BTC of recent volume = 0.4 BTC per child; buy band 40,000 x 1.001 = 40,040
    List<Child> buy = ChildOrders.plan(Fixed.parse("1"), market("40000", "4", "0"), TEN_PERCENT_TEN_BPS);
    assertEquals(List.of(new Child(Fixed.parse("0.4"), Fixed.parse("40040")),
        new Child(Fixed.parse("0.4"), Fixed.parse("40040")), new Child(Fixed.parse("0.2"), Fixed.parse("40040"))), buy);
    List<Child> sell = ChildOrders.plan(-Fixed.parse("0.3"), market("40000.05", "100", "0"),
        TEN_PERCENT_TEN_BPS);
    assertEquals(List.of(new Child(-Fixed.parse("0.3"), Fixed.parse("39960.1"))), sell,
        "40,000.05 - 40.00005 = 39,960.04995, rounded up to the tick: inside the band");
  }

  @Test
  void thinLiquidityStillSendsOneLotAtATime() {
    List<Child> children = ChildOrders.plan(Fixed.parse("0.003"), market("100", "0", "0"), TEN_PERCENT_TEN_BPS);
    assertEquals(3, children.size());
    assertEquals(LOT, children.get(0).quantity());
  }

  @Test
  void noChildIsWorthLessThanTheVenuesMinimumOrderValue() {
    // 10 % of 2.5 BTC = 0.25 BTC per child at a 40,040 limit; the 100 USDT minimum needs 0.003 BTC
    List<Child> children = ChildOrders.plan(Fixed.parse("0.502"), market("40000", "2.5", "100"), TEN_PERCENT_TEN_BPS);
    assertEquals(List.of(new Child(Fixed.parse("0.25"), Fixed.parse("40040")),
        new Child(Fixed.parse("0.252"), Fixed.parse("40040"))), children,
        "the 0.002 BTC remainder (80 USDT) joins the child before it");
    List<Child> thin = ChildOrders.plan(-Fixed.parse("0.01"), market("40000", "0", "100"), TEN_PERCENT_TEN_BPS);
    assertEquals(List.of(new Child(-Fixed.parse("0.003"), Fixed.parse("39960")),
        new Child(-Fixed.parse("0.003"), Fixed.parse("39960")), new Child(-Fixed.parse("0.004"), Fixed.parse("39960"))),
        thin, "without liquidity each child is the smallest the venue accepts: 0.003 x 39,960 = 119.88 >= 100");
  }

  /**
   * The children add up to the leg (on the lot grid), none exceeds the cap, and none pays more
   * slippage than the band: a buy limit at most reference x (1 + band), a sell at least
   * reference x (1 - band). (With a band narrower than a tick the limit lands behind the
   * reference and may not fill; the hedge repair handles that.)
   */
  @Property
  void childrenCoverTheLegWithinCapAndBand(@ForAll @LongRange(min = -500_000_000L, max = 500_000_000L) long quantity,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long volume,
      @ForAll @LongRange(min = 100_000_000L, max = 10_000_000_000_000L) long reference,
      @ForAll @LongRange(min = 0, max = 20_000_000_000L) long minNotional) {
    List<Child> children = ChildOrders.plan(quantity, new LegMarket(reference, volume, LOT, TICK, minNotional),
        TEN_PERCENT_TEN_BPS);
    long sum = children.stream().mapToLong(Child::quantity).sum();
    assertEquals(Long.signum(quantity) * Fixed.floorToStep(Math.abs(quantity), LOT), sum);
    long cap = Math.max(LOT, Fixed.floorToStep(volume / 10, LOT));
    for (Child c : children) {
      long size = Math.abs(c.quantity());
      long value = Fixed.mul(size, c.limitPrice(), java.math.RoundingMode.DOWN);
      assertTrue(children.size() == 1 || value >= minNotional, "child " + c + " worth less than " + minNotional);
      long smallest = Math.max(LOT, Fixed.ceilToStep(Fixed.div(minNotional, c.limitPrice(), java.math.RoundingMode.UP),
          LOT));
      assertTrue(size < Math.max(cap, smallest) + smallest && size % LOT == 0, "child " + c + " above the cap");
      double slip = quantity > 0 ? (double) c.limitPrice() / reference - 1 : 1 - (double) c.limitPrice() / reference;
      assertTrue(slip <= 0.001 + 1e-12, "limit " + c.limitPrice() + " pays more than the band from " + reference);
      assertEquals(0, c.limitPrice() % TICK);
    }
  }
}
