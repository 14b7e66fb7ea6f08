package io.fundarb.ops.config;

import com.typesafe.config.Config;
import io.fundarb.engine.exec.ChildOrders;
import io.fundarb.engine.exec.HedgeRepair;
import io.fundarb.engine.exec.RetryDelay;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Rate;
import io.fundarb.engine.venue.SimVenueConfig;
import io.fundarb.streams.loopback.VenueFaults;
import io.fundarb.streams.xchange.ExchangeVenue;
import java.time.Duration;
import java.util.Locale;

/** {@code fundarb.exchange}: how the node talks to a Binance-protocol venue. */
public record ExchangeConfig(Duration reconnectMin, Duration reconnectMax, double jitter, int frameBuffer,
    Duration staleAfter, Duration backfillWait, RetryDelay retry, ExchangeVenue.Settings venue, double loopbackSpeed, long halfSpread,
    long depthShare, VenueFaults loopbackFaults, OutsideTrade outsideTrade) {

  /**
   * A perp trade the in-process loopback venue makes on the account once the node has seen
   * {@code afterSteps} steps (0 = never): a drill for the reconciliation that must find it.
   */
  public record OutsideTrade(int afterSteps, String symbol, long quantity) {}

  /** @param fees the venue's fee schedule (the fills' fees are computed with its taker rates) */
  public static ExchangeConfig read(Config root, SimVenueConfig fees) {
    Config e = root.getConfig("fundarb.exchange");
    Config hedge = e.getConfig("hedge");
    HedgeRepair.Settings repair = new HedgeRepair.Settings(
        HedgeRepair.Policy.valueOf(hedge.getString("policy").toUpperCase(Locale.ROOT)),
        hedge.getDuration("tolerance").toMillis(), Fixed.parse(hedge.getString("delta-limit")),
        hedge.getInt("complete-attempts"));
    ChildOrders.Settings children = new ChildOrders.Settings(Rate.parse(e.getString("children.max-share")),
        Rate.parse(e.getString("children.band")));
    ExchangeVenue.Settings venue = new ExchangeVenue.Settings(repair, children, fees.spotFees().takerRate(),
        fees.perpFees().takerRate(), e.getDuration("reconcile-every").toMillis(),
        Fixed.parse(e.getString("reconcile-tolerance")), e.getInt("lanes"));
    return new ExchangeConfig(e.getDuration("reconnect.min"), e.getDuration("reconnect.max"),
        e.getDouble("reconnect.jitter"), e.getInt("frame-buffer"), e.getDuration("stale-after"),
        e.getDuration("backfill-wait"),
        new RetryDelay(e.getDuration("retry.base").toMillis(), e.getDuration("retry.max").toMillis(),
            e.getInt("retry.attempts")),
        venue, e.getDouble("loopback.speed"), Rate.ofBps(e.getString("loopback.half-spread-bps")),
        Rate.parse(e.getString("loopback.depth-share")), faults(e.getConfig("loopback.faults")),
        new OutsideTrade(e.getInt("loopback.outside-trade.after-steps"), e.getString("loopback.outside-trade.symbol"),
            Fixed.parse(e.getString("loopback.outside-trade.quantity"))));
  }

  private static VenueFaults faults(Config f) {
    return new VenueFaults(f.getInt("rate-limit-every"), (int) f.getDuration("retry-after").toSeconds(),
        f.getInt("server-error-every"), f.getDouble("reject-rate"), f.getString("reject-market"),
        f.getInt("drop-frame-every"), f.getInt("malformed-frame-every"), f.getDuration("frame-delay"),
        f.getInt("disconnect-after-frames"), f.getInt("lose-order-response-every"),
        f.getInt("corrupt-market-data-every"), f.getLong("seed"));
  }
}
