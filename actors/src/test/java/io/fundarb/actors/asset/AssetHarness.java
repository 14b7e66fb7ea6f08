package io.fundarb.actors.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fundarb.actors.account.AccountState;
import io.fundarb.actors.node.ReplayClock;
import io.fundarb.actors.node.Steering;
import io.fundarb.engine.exec.PlannerSettings;
import io.fundarb.engine.instrument.Leg;
import io.fundarb.engine.instrument.Universe;
import io.fundarb.engine.market.MarketEvent;
import io.fundarb.engine.market.MarketStep;
import io.fundarb.engine.money.Fixed;
import io.fundarb.engine.money.Price;
import io.fundarb.engine.money.Quantity;
import io.fundarb.engine.order.Cancellation;
import io.fundarb.engine.order.Fill;
import io.fundarb.engine.order.Liquidity;
import io.fundarb.engine.risk.CircuitBreaker;
import io.fundarb.engine.risk.RiskLimits;
import io.fundarb.engine.strategy.Strategy;
import io.fundarb.engine.testing.TestInstruments;
import io.fundarb.engine.venue.VenueReport;
import io.fundarb.engine.venue.VenueRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Drives one asset entity the way the replay clock does — a step with its market, the venue's
 * reports and the account's state, answered by the order actor with the requests it sent — and
 * plays a venue that fills every order at the step's prices, so the asset's books move.
 */
final class AssetHarness {
  static final long HOUR = 3_600_000L;
  static final AccountState NORMAL = new AccountState(false, false, 1, Fixed.ofUnits(1_000_000));
  static final AccountState KILLED = new AccountState(true, false, 1, Fixed.ofUnits(1_000_000));
  /** Forty test assets, A1USDT .. A40USDT, in one account. */
  static final Universe UNIVERSE = TestInstruments.universe("BINANCE",
      IntStream.rangeClosed(1, 40).mapToObj(k -> "A" + k + "USDT").toArray(String[]::new));
  static final long MAX_NOTIONAL = Fixed.ofUnits(45_000);
  static final AssetSettings.Trading TRADING = new AssetSettings.Trading(UNIVERSE, PlannerSettings.defaults(), 1,
      MAX_NOTIONAL, false, 0.003, HOUR, 8 * HOUR, Long.MIN_VALUE, Fixed.parse("0.001"));

  final ActorTestKit kit;
  final String asset;
  final TestProbe<ReplayClock.Command> clock;
  ActorRef<AssetEntity.Command> entity;
  private final List<VenueReport> pending = new ArrayList<>();
  private long step;
  long spot = Fixed.ofUnits(30_000);

  AssetHarness(ActorTestKit kit, String asset, AssetSettings settings) {
    this.kit = kit;
    this.asset = asset;
    this.clock = kit.createTestProbe();
    this.entity = kit.spawn(AssetEntity.create(asset, settings));
  }

  static AssetSettings settings(Supplier<Strategy> strategy) {
    return new AssetSettings(strategy, RiskLimits.defaults(1), new CircuitBreaker.Settings(3, 24 * HOUR, 6 * HOUR,
        12 * HOUR), 4 * HOUR, Duration.ofMillis(10), Duration.ofMillis(50), false, TRADING);
  }

  /** A step at {@code hours} with fresh bars on both legs; waits for the asset's answer. */
  ReplayClock.Decided step(long hours, AccountState account, Steering... steering) {
    return step(new MarketStep(hours * HOUR, List.of(bar(Leg.SPOT, spot), bar(Leg.PERP, spot + Fixed.ofUnits(10)))),
        account, steering);
  }

  ReplayClock.Decided step(MarketStep market, AccountState account, Steering... steering) {
    send(market, account, steering);
    return answer();
  }

  /** Sends a step without waiting for its answer. */
  AssetEntity.Step send(MarketStep market, AccountState account, Steering... steering) {
    AssetEntity.Step s = new AssetEntity.Step(++step, market, List.copyOf(pending), account.cash(), account,
        List.of(steering), clock.getRef().narrow(), null);
    pending.clear();
    entity.tell(s);
    return s;
  }

  /** The order actor's answer; every order it sent fills in full at the next step (cancels end what works). */
  ReplayClock.Decided answer() {
    ReplayClock.Decided decided = clock.expectMessageClass(ReplayClock.Decided.class, Duration.ofSeconds(10));
    assertEquals(asset, decided.asset());
    for (VenueRequest r : decided.requests()) {
      long time = step * HOUR + 50;
      if (r instanceof VenueRequest.Submit submit) {
        var o = submit.order();
        long price = o.instrument().kind().name().equals("PERP") ? spot + Fixed.ofUnits(10) : spot;
        pending.add(new VenueReport.Filled(new Fill(o.clientOrderId(), o.instrument(), time, o.side(), new Price(price),
            o.quantity(), 0, 0, Liquidity.TAKER, new Quantity(0))));
      } else if (r instanceof VenueRequest.Transfer t) {
        pending.add(new VenueReport.MarginMoved(t.requestId(), t.perp(), time, t.amount()));
      } else {
        VenueRequest.Cancel c = (VenueRequest.Cancel) r;
        pending.add(new VenueReport.Canceled(new Cancellation(c.clientOrderId(), c.instrument(), time,
            new Quantity(1), "cancelled")));
      }
    }
    return decided;
  }

  static MarketEvent.Bar bar(Leg leg, long price) {
    return new MarketEvent.Bar(leg, price, price, price, price, Fixed.ofUnits(1_000), Double.NaN, -1);
  }

  AssetEntity.AssetStatus status() {
    TestProbe<AssetEntity.AssetStatus> probe = kit.createTestProbe();
    entity.tell(new AssetEntity.GetStatus(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  OrderActor.Book book() {
    TestProbe<OrderActor.Book> probe = kit.createTestProbe();
    entity.tell(new AssetEntity.GetBook(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  /** Signed spot quantity the requests buy (+) or sell (-). */
  static long spotBought(ReplayClock.Decided decided) {
    long sum = 0;
    for (VenueRequest r : decided.requests()) {
      if (r instanceof VenueRequest.Submit s && s.order().instrument().kind().name().equals("SPOT")) {
        sum += s.order().signedQuantity();
      }
    }
    return sum;
  }
}
